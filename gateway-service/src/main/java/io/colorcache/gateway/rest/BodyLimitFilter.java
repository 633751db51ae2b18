package io.colorcache.gateway.rest;

import io.vertx.core.json.Json;
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
        router.route("/v1/*").order(Integer.MIN_VALUE).handler(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length = parse(declared);
            if (length > limit) {
                Problem problem = ProblemType.PAYLOAD_TOO_LARGE.with(
                        "the upload is " + length + " bytes; the limit is " + validator.maxBytes() + " bytes",
                        ctx.request().path(), null);
                ctx.response().setStatusCode(problem.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(Json.encode(problem));
                return;
            }
            ctx.next();
        });
    }

    private static long parse(String value) {
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
