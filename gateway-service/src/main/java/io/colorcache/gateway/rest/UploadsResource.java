package io.colorcache.gateway.rest;

import io.colorcache.gateway.service.PhotoErasure;
import io.colorcache.protocol.Sha256;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Erasure: {@code DELETE /v1/uploads/{sha256}} (and {@code DELETE /v1/results/{sha256}}, in
 * ResultsResource) end the
 * caller's hold on the photo; the last hold's end erases the upload, its results and its request
 * counts everywhere (PhotoErasure). Both answer 204, also for a photo already gone or never seen,
 * so a retry is safe and the answer tells nothing of other tenants.
 */
@Path("/v1/uploads/{sha256}")
public class UploadsResource {

    private final PhotoErasure erasure;

    public UploadsResource(PhotoErasure erasure) {
        this.erasure = erasure;
    }

    @DELETE
    public Uni<RestResponse<Void>> delete(RoutingContext ctx, @RestPath String sha256) {
        return erase(erasure, ctx, sha256);
    }

    /** The erasure both DELETE routes share. */
    static Uni<RestResponse<Void>> erase(PhotoErasure erasure, RoutingContext ctx, String sha256) {
        return Uni.createFrom().item(() -> pathSha256(sha256))
                .chain(sha -> erasure.erase(Authenticator.tenantOf(ctx), sha))
                .replaceWith(RestResponse.noContent());
    }

    /** The path's SHA-256 in lower case; a problem (400 invalid-sha256) when it is not one. */
    static String pathSha256(String sha256) {
        String sha = sha256.toLowerCase(Locale.ROOT);
        if (!Sha256.isHex(sha)) {
            throw new ProblemException(ProblemType.INVALID_SHA256,
                    "expected 64 hex digits, the SHA-256 of the uploaded bytes: " + sha256);
        }
        return sha;
    }
}
