package io.colorcache.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * A route handler that must ask something asynchronous (Redis, a token issuer) before the request
 * may go on, as Quarkus' own asynchronous authentication does: the request is paused, its body
 * unread, and the answer is handled back on the request's own event loop. The handler resumes the
 * request before it calls {@code next()}, or refuses it.
 */
final class PausedRequest {

    private PausedRequest() {
    }

    static <T> void await(RoutingContext ctx, Uni<T> work, Consumer<T> onItem, Consumer<Throwable> onFailure) {
        ctx.request().pause();
        Context requestContext = ctx.vertx().getOrCreateContext();
        work.emitOn(task -> requestContext.runOnContext(ignored -> task.run()))
                .subscribe().with(onItem, onFailure);
    }
}
