package io.colorcache.gateway.rest;

import io.colorcache.gateway.service.CallbackNotifier;
import io.colorcache.protocol.WebhookSignature;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /v1/callbacks/secret?url=...}: the secret this tenant's callbacks to the URL's origin
 * are signed with ({@code whsec_...}, Standard Webhooks), for its receiver to verify them. Each
 * tenant and origin has its own, so no receiver can verify (or forge) another's messages.
 */
@Path("/v1/callbacks/secret")
public class CallbacksResource {

    /** The receiving origin, and its secret. */
    public record EndpointSecret(String endpoint, String secret) {
    }

    private final CallbackNotifier callbacks;

    public CallbacksResource(CallbackNotifier callbacks) {
        this.callbacks = callbacks;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public EndpointSecret secret(RoutingContext ctx, @RestQuery String url) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (Exception e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ProblemException(ProblemType.INVALID_CALLBACK_URL,
                    "url must be the absolute http or https callback URL whose secret you want: " + url);
        }
        if (callbacks.problemWithoutSecret().isPresent()) {
            throw new ProblemException(ProblemType.INVALID_CALLBACK_URL, callbacks.problemWithoutSecret().get());
        }
        return new EndpointSecret(WebhookSignature.origin(uri), callbacks.secretFor(Authenticator.tenantOf(ctx), uri));
    }
}
