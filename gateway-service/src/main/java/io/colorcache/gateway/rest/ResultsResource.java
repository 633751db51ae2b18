package io.colorcache.gateway.rest;

import io.colorcache.gateway.service.DemandRecorder;
import io.colorcache.gateway.service.PhotoAccess;
import io.colorcache.gateway.service.PhotoErasure;
import io.colorcache.gateway.service.TieredResults;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code GET} and {@code HEAD /v1/results/{sha256}}: for a client that knows its photo's
 * SHA-256, the cached result without an upload, or 404. The format follows {@code Accept}; without
 * a preference, JPEG when cached, else PNG. With authentication, only a tenant that holds the photo
 * (uploaded it within the retention period) gets it; any other gets the same 404 as for a photo
 * never seen. {@code DELETE} erases, as for an upload.
 */
@Path("/v1/results/{sha256}")
public class ResultsResource {

    private final TieredResults results;
    private final ImageResponses responses;
    private final KeySchema keys;
    private final ModelRef model;
    private final DemandRecorder demand;
    private final PhotoAccess access;
    private final PhotoErasure erasure;

    public ResultsResource(TieredResults results, ImageResponses responses, KeySchema keys, ModelRef model,
            DemandRecorder demand, PhotoAccess access, PhotoErasure erasure) {
        this.results = results;
        this.responses = responses;
        this.keys = keys;
        this.model = model;
        this.demand = demand;
        this.access = access;
        this.erasure = erasure;
    }

    /** Erasure, as {@code DELETE /v1/uploads/{sha256}} (UploadsResource). */
    @DELETE
    public Uni<RestResponse<Void>> delete(RoutingContext ctx, @RestPath String sha256) {
        return UploadsResource.erase(erasure, ctx, sha256);
    }

    @GET
    public Uni<RestResponse<byte[]>> get(RoutingContext ctx, @RestPath String sha256,
            @RestHeader(HttpHeaders.ACCEPT) String accept, @RestHeader(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String sha = UploadsResource.pathSha256(sha256);
        List<OutputFormat> candidates = candidates(accept);
        if (candidates.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_ACCEPTABLE,
                    "results are available as image/jpeg, image/png or image/webp; Accept was: " + accept));
        }
        // Found results count as requests for the photo; unknown hashes are not recorded.
        return access.mayFetch(Authenticator.tenantOf(ctx), sha).chain(holder -> holder
                ? find(sha, candidates, 0, ifNoneMatch).invoke(() -> demand.record(sha))
                : Uni.createFrom().failure(notFound(sha, candidates)));
    }

    private ProblemException notFound(String sha, List<OutputFormat> candidates) {
        return new ProblemException(ProblemType.RESULT_NOT_FOUND,
                "no cached result for " + sha + " in " + candidates + " with model " + model.token());
    }

    private Uni<RestResponse<byte[]>> find(String sha, List<OutputFormat> candidates, int index, String ifNoneMatch) {
        if (index >= candidates.size()) {
            return Uni.createFrom().failure(notFound(sha, candidates));
        }
        OutputFormat format = candidates.get(index);
        String resultKey = keys.result(model, format, sha);
        if (responses.matches(ifNoneMatch, resultKey)) {
            return results.exists(resultKey).chain(exists -> exists
                    ? Uni.createFrom().item(responses.notModified(resultKey))
                    : find(sha, candidates, index + 1, ifNoneMatch));
        }
        return results.find(resultKey, format).chain(found -> found.isPresent()
                ? Uni.createFrom().item(responses.ok(found.get()))
                : find(sha, candidates, index + 1, ifNoneMatch));
    }

    /** Formats to try in order: the acceptable ones, best first; JPEG, then PNG, then WebP on a tie. */
    private static List<OutputFormat> candidates(String accept) {
        OutputFormat first = OutputNegotiation.choose(accept, OutputFormat.JPEG).orElse(null);
        if (first == null) {
            return List.of();
        }
        List<OutputFormat> formats = new java.util.ArrayList<>(List.of(first));
        for (OutputFormat other : OutputNegotiation.orderedBy(OutputFormat.JPEG)) {
            if (other != first && OutputNegotiation.acceptable(accept, other)) {
                formats.add(other);
            }
        }
        return formats;
    }
}
