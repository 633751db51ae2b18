package io.colorcache.gateway.rest;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.service.AcceptedUpload;
import io.colorcache.protocol.TraceParent;
import io.colorcache.protocol.image.ImageInfo;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns an upload, raw or multipart, into a validated request: the same checks for every endpoint. */
@ApplicationScoped
public class UploadIntake {

    private final UploadValidator validator;

    public UploadIntake(UploadValidator validator) {
        this.validator = validator;
    }

    /**
     * Validates the upload and picks the output encoding from {@code Accept}.
     *
     * @param match the query parameter {@code match}: {@code near} (or none) lets a verified
     *              near-duplicate's colours answer, {@code exact} only this photo's own result
     * @throws ProblemException when the upload, the Accept header or {@code match} is refused
     */
    public AcceptedUpload accept(Upload upload, String accept, String traceparent, Tenant tenant, String match) {
        boolean nearAllowed = nearAllowed(match);
        ImageInfo info = validator.validate(upload.bytes());
        return new AcceptedUpload(upload.bytes(), upload.sha256(),
                OutputNegotiation.choose(accept, info.format().defaultOutput()).orElseThrow(() ->
                        new ProblemException(ProblemType.NOT_ACCEPTABLE,
                                "results are available as image/jpeg, image/png or image/webp; Accept was: " + accept)),
                TraceParent.orEmpty(traceparent), tenant, nearAllowed);
    }

    private static boolean nearAllowed(String match) {
        if (match == null || match.equals("near")) {
            return true;
        }
        if (match.equals("exact")) {
            return false;
        }
        throw new ProblemException(ProblemType.INVALID_PARAMETER, "match is near (the default) or exact, not " + match);
    }
}
