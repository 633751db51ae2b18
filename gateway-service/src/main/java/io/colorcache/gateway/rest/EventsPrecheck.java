package io.colorcache.gateway.rest;

import io.colorcache.gateway.service.JobEvents;
import io.colorcache.gateway.service.JobViews;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers a request for job events before the event stream starts (once a stream's headers are
 * out, an error can no longer change its status): 429 when the tenant has its most streams open
 * on this gateway, 503 when the gateway has, 404 for an unknown job.
 */
public class EventsPrecheck {

    private static final Pattern EVENTS = Pattern.compile("^/v1/jobs/([^/]+)/events$");

    private final JobViews jobs;
    private final JobEvents events;

    public EventsPrecheck(JobViews jobs, JobEvents events) {
        this.jobs = jobs;
        this.events = events;
    }

    @ServerRequestFilter
    public Uni<Response> rejectUnknownJobs(ContainerRequestContext request, RoutingContext ctx) {
        Matcher m = EVENTS.matcher(request.getUriInfo().getPath());
        if (!m.matches()) {
            return null;
        }
        JobEvents.Refusal refusal = events.refusal(Authenticator.tenantOf(ctx));
        if (refusal != null) {
            ProblemType type = refusal == JobEvents.Refusal.TENANT_FULL
                    ? ProblemType.TOO_MANY_EVENT_STREAMS : ProblemType.EVENT_STREAMS_BUSY;
            String detail = refusal == JobEvents.Refusal.TENANT_FULL
                    ? "your tenant has its most event streams open on this gateway; close one, or poll the job"
                    : "this gateway serves its most event streams; retry later, or poll the job";
            return Uni.createFrom().item(Response.status(type.status()).type(Problem.MEDIA_TYPE)
                    .header(HttpHeaders.RETRY_AFTER, ProblemMappers.RETRY_AFTER_SECONDS)
                    .entity(type.with(detail, request.getUriInfo().getPath(), m.group(1))).build());
        }
        String id = m.group(1);
        return jobs.view(Authenticator.tenantOf(ctx), id).map(view -> view.isPresent() ? null : Response.status(404)
                .type(Problem.MEDIA_TYPE)
                .entity(ProblemType.JOB_NOT_FOUND.with("no job " + id + " (unknown or expired)",
                        request.getUriInfo().getPath(), id))
                .build());
    }
}
