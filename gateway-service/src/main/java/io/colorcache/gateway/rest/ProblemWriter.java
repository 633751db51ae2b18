package io.colorcache.gateway.rest;

import io.vertx.core.Future;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.HttpHeaders;

/** Answers a problem straight from a Vert.x route, before RESTEasy has seen the request. */
final class ProblemWriter {

    private ProblemWriter() {
    }

    /**
     * Sends the problem; an HTTP/1.x connection is closed after it, since the rest of the request
     * body is not read (an HTTP/2 stream is ended alone, and may not carry a Connection header).
     */
    static void refuseAndClose(RoutingContext ctx, ProblemType type, String detail) {
        refuse(ctx, type, detail);
    }

    /**
     * Sends the problem and closes an HTTP/1.x connection as soon as it is written, for a client
     * that would otherwise keep it (a slow sender). A client still sending its body may then miss
     * the answer, so this is only for those.
     */
    static void refuseAndCloseNow(RoutingContext ctx, ProblemType type, String detail) {
        Future<Void> sent = refuse(ctx, type, detail);
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            sent.onComplete(done -> ctx.request().connection().close());
        }
    }

    private static Future<Void> refuse(RoutingContext ctx, ProblemType type, String detail) {
        Problem problem = type.with(detail, ctx.request().path(), null);
        var response = ctx.response();
        boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
        if (response.headWritten()) {
            if (http2) {
                response.reset();
            } else {
                ctx.request().connection().close();
            }
            return Future.succeededFuture();
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (!http2) {
            response.putHeader("Connection", "close");
        }
        if (problem.status() == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, ProblemMappers.RETRY_AFTER_SECONDS);
        }
        return response.end(Json.encode(problem));
    }
}
