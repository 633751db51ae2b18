package io.colorcache.gateway.rest;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.service.ColorizeService;
import io.colorcache.gateway.service.GatewayMetrics;
import io.colorcache.gateway.service.JobFailedException;
import io.colorcache.gateway.service.Outcome;
import io.colorcache.gateway.service.RequestTracing;
import io.colorcache.protocol.FailureCode;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /v1/colorize}: the image as the raw body or as the multipart field {@code image}
 * (both read by {@link UploadBodyReader});
 * answers 200 with the colorized image, or problem+json. Runs on the event loop throughout.
 */
@Path("/v1/colorize")
public class ColorizeResource {

    private final ColorizeService service;
    private final UploadIntake intake;
    private final UploadBodyReader reader;
    private final ImageResponses responses;
    private final GatewayMetrics metrics;

    public ColorizeResource(ColorizeService service, UploadIntake intake, UploadBodyReader reader,
            ImageResponses responses, GatewayMetrics metrics) {
        this.service = service;
        this.intake = intake;
        this.reader = reader;
        this.responses = responses;
        this.metrics = metrics;
    }

    @POST
    @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM, MediaType.MULTIPART_FORM_DATA})
    public Uni<RestResponse<byte[]>> colorize(RoutingContext ctx, @RestHeader(HttpHeaders.ACCEPT) String accept,
            @RestHeader("traceparent") String traceparent, @RestQuery String match) {
        return colorize(System.nanoTime(), reader.uploadOf(ctx), accept, RequestTracing.current(traceparent),
                Authenticator.tenantOf(ctx), match);
    }

    private Uni<RestResponse<byte[]>> colorize(long start, Uni<Upload> upload, String accept, String traceparent,
            Tenant tenant, String match) {
        return upload
                .map(received -> intake.accept(received, accept, traceparent, tenant, match))
                .onFailure(ProblemException.class).invoke(() -> metrics.record(Outcome.REJECTED, start))
                .chain(request -> service.colorize(request)
                        .onItem().invoke(image -> metrics.record(image.outcome(), start))
                        .onFailure().invoke(failure -> metrics.record(outcomeOf(failure), start)))
                .map(responses::ok);
    }

    private static Outcome outcomeOf(Throwable failure) {
        return failure instanceof JobFailedException f && f.code() == FailureCode.UNDECODABLE_IMAGE
                ? Outcome.REJECTED : Outcome.FAILED;
    }
}
