package io.colorcache.gateway.rest;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.service.AcceptedUpload;
import io.colorcache.protocol.TraceParent;
import io.colorcache.protocol.image.ImageInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Turns an upload, raw or multipart, into a validated request: the same checks for every endpoint. */
@ApplicationScoped
public class UploadIntake {

    private final UploadValidator validator;
    private final Vertx vertx;

    public UploadIntake(UploadValidator validator, Vertx vertx) {
        this.validator = validator;
        this.vertx = vertx;
    }

    /** The multipart field {@code image}, read without blocking. */
    public Uni<Upload> uploadOf(FileUpload image) {
        if (image == null || image.uploadedFile() == null) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.MISSING_IMAGE,
                    "the multipart request has no file field named 'image'"));
        }
        if (image.size() > validator.maxBytes()) {
            return Uni.createFrom().failure(validator.tooLarge(image.size()));
        }
        return vertx.fileSystem().readFile(image.uploadedFile().toString()).map(buffer -> Upload.of(buffer.getBytes()));
    }

    /**
     * Validates the upload and picks the output encoding from {@code Accept}.
     *
     * @throws ProblemException when the upload or the Accept header is refused
     */
    public AcceptedUpload accept(Upload upload, String accept, String traceparent, Tenant tenant) {
        ImageInfo info = validator.validate(upload.bytes());
        return new AcceptedUpload(upload.bytes(), upload.sha256(),
                OutputNegotiation.choose(accept, info.format().defaultOutput()).orElseThrow(() ->
                        new ProblemException(ProblemType.NOT_ACCEPTABLE,
                                "results are available as image/jpeg, image/png or image/webp; Accept was: " + accept)),
                TraceParent.orEmpty(traceparent), tenant);
    }
}
