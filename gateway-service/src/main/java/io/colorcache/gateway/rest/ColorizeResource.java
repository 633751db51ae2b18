package io.colorcache.gateway.rest;

import io.colorcache.gateway.config.ResultsConfig;
import io.colorcache.gateway.image.ImageInfo;
import io.colorcache.gateway.service.ColorizeService;
import io.colorcache.gateway.service.ColorizedImage;
import io.colorcache.gateway.service.GatewayMetrics;
import io.colorcache.gateway.service.JobFailedException;
import io.colorcache.gateway.service.Outcome;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Sha256;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /v1/colorize}: the image as the raw body or as the multipart field {@code image};
 * answers 200 with the colorized image, or problem+json. Runs on the event loop throughout.
 */
@Path("/v1/colorize")
public class ColorizeResource {

    private final ColorizeService service;
    private final UploadValidator validator;
    private final GatewayMetrics metrics;
    private final Vertx vertx;
    private final String cacheControl;
    private final int resultKeyPrefixLength;

    public ColorizeResource(ColorizeService service, UploadValidator validator, GatewayMetrics metrics, Vertx vertx,
            ResultsConfig results, KeySchema keys) {
        this.service = service;
        this.validator = validator;
        this.metrics = metrics;
        this.vertx = vertx;
        this.cacheControl = "private, max-age=" + results.ttl().toSeconds() + ", immutable";
        this.resultKeyPrefixLength = (keys.prefix() + "res:").length();
    }

    @POST
    @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM})
    public Uni<RestResponse<byte[]>> raw(byte[] body, @RestHeader(HttpHeaders.ACCEPT) String accept,
            @RestHeader("traceparent") String traceparent) {
        return colorize(System.nanoTime(), body, accept, traceparent);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<RestResponse<byte[]>> multipart(@RestForm("image") FileUpload image,
            @RestHeader(HttpHeaders.ACCEPT) String accept, @RestHeader("traceparent") String traceparent) {
        long start = System.nanoTime();
        if (image == null || image.uploadedFile() == null) {
            metrics.record(Outcome.REJECTED, start);
            return Uni.createFrom().failure(new ProblemException(ProblemType.MISSING_IMAGE,
                    "the multipart request has no file field named 'image'"));
        }
        if (image.size() > validator.maxBytes()) {
            metrics.record(Outcome.REJECTED, start);
            return Uni.createFrom().failure(validator.tooLarge(image.size()));
        }
        return vertx.fileSystem().readFile(image.uploadedFile().toString())
                .chain(buffer -> colorize(start, buffer.getBytes(), accept, traceparent));
    }

    private Uni<RestResponse<byte[]>> colorize(long start, byte[] upload, String accept, String traceparent) {
        ColorizeService.Request request;
        try {
            ImageInfo info = validator.validate(upload);
            request = new ColorizeService.Request(upload, Sha256.hex(upload),
                    OutputNegotiation.choose(accept, info.format().defaultOutput()).orElseThrow(() ->
                            new ProblemException(ProblemType.NOT_ACCEPTABLE,
                                    "results are available as image/jpeg or image/png; Accept was: " + accept)),
                    traceparent == null ? "" : traceparent);
        } catch (ProblemException e) {
            metrics.record(Outcome.REJECTED, start);
            return Uni.createFrom().failure(e);
        }
        return service.colorize(request)
                .onItem().invoke(image -> metrics.record(image.outcome(), start))
                .onFailure().invoke(failure -> metrics.record(outcomeOf(failure), start))
                .map(this::response);
    }

    private RestResponse<byte[]> response(ColorizedImage image) {
        return RestResponse.ResponseBuilder.ok(image.bytes(), image.format().mediaType())
                .header(HttpHeaders.ETAG, "\"" + image.resultKey().substring(resultKeyPrefixLength) + "\"")
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("X-Cache", image.outcome().cacheHeader())
                .build();
    }

    private static Outcome outcomeOf(Throwable failure) {
        return failure instanceof JobFailedException f && f.code() == FailureCode.UNDECODABLE_IMAGE
                ? Outcome.REJECTED : Outcome.FAILED;
    }
}
