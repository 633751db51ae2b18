package io.colorcache.gateway.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a path with matrix parameters ({@code /v1;a=b/jobs}, {@code /v1/jobs;a=b}) as not found,
 * before any other route. RESTEasy drops them when it matches a resource, but Vert.x routes do
 * not, so such a path would reach a resource without passing authentication, the tenant's limits
 * or the bounded body reader. The API has none.
 */
@ApplicationScoped
public class PathParameterFilter {

    void install(@Observes Router router) {
        router.routeWithRegex(".*;.*").order(RouteOrder.PATH_PARAMETERS).handler(ctx -> ProblemWriter.refuseAndClose(
                ctx, ProblemType.NOT_FOUND, "no such path: this API has no matrix parameters (';' in a path)"));
    }
}
