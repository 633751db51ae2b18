package io.colorcache.gateway.rest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Refuses an upload whose declared {@code Content-Length} exceeds the limit before its body is
 * read, with the same problem+json answer the resource gives for a streamed body that is too big.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final UploadValidator validator;

    public BodyLimitFilter(UploadValidator validator) {
        this.validator = validator;
    }

    void install(@Observes Router router) {
        // Multipart framing adds a little to the image itself.
        long limit = validator.maxBytes() + 64 * 1024;
        router.route("/v1/*").order(RouteOrder.BODY_LIMIT).handler(ctx -> {
            long length = declaredLength(ctx.request());
            if (length > limit) {
                ProblemWriter.refuseAndClose(ctx, ProblemType.PAYLOAD_TOO_LARGE, validator.tooLarge(length).getMessage());
                return;
            }
            ctx.next();
        });
    }

    /** The request's Content-Length, or -1 when it has none (chunked) or an unreadable one. */
    static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
