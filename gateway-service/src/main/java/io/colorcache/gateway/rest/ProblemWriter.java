package io.colorcache.gateway.rest;

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
        Problem problem = type.with(detail, ctx.request().path(), null);
        var response = ctx.response();
        boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
        if (response.headWritten()) {
            if (http2) {
                response.reset();
            } else {
                ctx.request().connection().close();
            }
            return;
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (!http2) {
            response.putHeader("Connection", "close");
        }
        if (problem.status() == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, ProblemMappers.RETRY_AFTER_SECONDS);
        }
        response.end(Json.encode(problem));
    }
}
