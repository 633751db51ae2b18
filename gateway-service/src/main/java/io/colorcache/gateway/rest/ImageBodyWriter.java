package io.colorcache.gateway.rest;

import io.colorcache.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes result images within the {@link UploadBudget}: the answer's size is reserved before it
 * is written (for an answer to an upload, the upload's room serves it, grown when the answer is
 * larger), waiting for room as an upload does, and it leaves in {@link #CHUNK_BYTES} pieces, each copied into a pooled direct
 * buffer only once the connection has taken the previous ones. Everything is given back once the
 * answer has left or the connection is gone, so a slow reader's answers stay counted.
 */
@Provider
@Produces({"image/jpeg", "image/png", "image/webp"})
public class ImageBodyWriter implements ServerMessageBodyWriter<byte[]> {

    static final int CHUNK_BYTES = 64 * 1024;

    private final UploadBudget budget;
    private final Vertx vertx;
    private final long maxWaitMillis;

    public ImageBodyWriter(UploadBudget budget, Vertx vertx, GatewayConfig config) {
        this.budget = budget;
        this.vertx = vertx;
        this.maxWaitMillis = Math.max(1, config.uploads().maxWait().toMillis());
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return type == byte[].class;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType) {
        return type == byte[].class;
    }

    @Override
    public void writeResponse(byte[] image, Type genericType, ServerRequestContext context) {
        RoutingContext ctx = ((ResteasyReactiveRequestContext) context).serverRequest().unwrap(RoutingContext.class);
        UploadBudget.Reservation upload = RequestExchange.of(ctx).takeReservation();
        if (ctx.response().closed() || ctx.response().ended()) {
            // The client left while the answer was prepared: its end handlers have run already.
            if (upload != null) {
                upload.release();
            }
            return;
        }
        long[] timer = {-1};
        Runnable write = () -> {
            vertx.cancelTimer(timer[0]);
            writeInChunks(ctx.response(), image, 0);
        };
        UploadBudget.Reservation answer;
        boolean atOnce;
        if (upload != null) {
            // The upload's bytes are done with: its room serves the answer, and only what a larger
            // answer needs beyond it is asked for.
            answer = upload;
            long more = image.length - upload.held();
            atOnce = more <= 0 || upload.grow(more, write);
        } else {
            answer = budget.reserve(image.length, write);
            atOnce = answer.grantedAtOnce();
        }
        // Ended, written or not: the connection may be gone before the answer has left.
        ctx.addEndHandler(ended -> {
            vertx.cancelTimer(timer[0]);
            answer.release();
        });
        if (atOnce) {
            write.run();
            return;
        }
        timer[0] = vertx.setTimer(maxWaitMillis, ignored -> {
            if (answer.withdraw()) {
                ctx.response().headers().remove(HttpHeaders.ETAG).remove(HttpHeaders.CACHE_CONTROL).remove("X-Cache");
                ProblemWriter.refuseAndClose(ctx, ProblemType.UPLOADS_BUSY,
                        "too many answers are being written; retry later");
            }
        });
    }

    /** Writes from {@code offset} on, one chunk at a time while the connection's queue has room. */
    private static void writeInChunks(HttpServerResponse response, byte[] image, int offset) {
        if (offset == 0) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(image.length));
        }
        int position = offset;
        while (position < image.length && !response.writeQueueFull()) {
            int length = Math.min(CHUNK_BYTES, image.length - position);
            response.write(PooledResponseBody.of(image, position, length));
            position += length;
        }
        if (position < image.length) {
            int next = position;
            response.drainHandler(drained -> writeInChunks(response, image, next));
            return;
        }
        response.end();
    }

    @Override
    public void writeTo(byte[] image, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers,
            OutputStream out) throws IOException {
        out.write(image);
    }
}
