package io.colorcache.gateway.rest;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * On {@code POST /v1/jobs}, {@code Accept} names the result's image format while the answer
 * itself is the job as JSON. Before the request is matched, the client's {@code Accept} is set
 * aside for the resource ({@link #resultAccept}) and replaced by JSON, so that asking for a PNG
 * result is not refused as 406 by content negotiation.
 */
public class JobsAcceptFilter {

    @ServerRequestFilter(preMatching = true)
    public void setAsideAccept(ContainerRequestContext request, RoutingContext routing) {
        if (!HttpMethod.POST.equals(request.getMethod()) || !isJobs(request.getUriInfo().getPath())) {
            return;
        }
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null) {
            RequestExchange.of(routing).resultAccept(accept);
        }
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
    }

    /** The client's {@code Accept} on a job submission, or null when it sent none. */
    static String resultAccept(RoutingContext routing) {
        return RequestExchange.of(routing).resultAccept();
    }

    private static boolean isJobs(String path) {
        return path.equals("/v1/jobs") || path.equals("/v1/jobs/");
    }
}
