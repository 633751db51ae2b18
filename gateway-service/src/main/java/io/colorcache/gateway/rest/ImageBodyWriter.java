package io.colorcache.gateway.rest;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Produces;
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
 * Writes result images as RESTEasy's own byte-array writer does (one copy into a pooled direct
 * buffer), but gives the upload's memory reservation back only when the write has completed: a
 * slow client's pending answer stays counted in the {@link UploadBudget}.
 */
@Provider
@Produces({"image/jpeg", "image/png", "image/webp"})
public class ImageBodyWriter implements ServerMessageBodyWriter<byte[]> {

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
        // Released once the answer has left for the client, not when it is handed to the connection.
        UploadBudget.Reservation reservation = RequestExchange.of(ctx).takeReservation();
        ctx.response().end(PooledResponseBody.of(image)).onComplete(written -> {
            if (reservation != null) {
                reservation.release();
            }
        });
    }

    @Override
    public void writeTo(byte[] image, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers,
            OutputStream out) throws IOException {
        out.write(image);
    }
}
