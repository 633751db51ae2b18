package io.colorcache.gateway.rest;

import io.colorcache.gateway.service.JobViews;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers a request for the events of an unknown job with a 404 problem before the event stream
 * starts: once a stream's headers are out, an error can no longer change its status.
 */
public class EventsPrecheck {

    private static final Pattern EVENTS = Pattern.compile("^/v1/jobs/([^/]+)/events$");

    private final JobViews jobs;

    public EventsPrecheck(JobViews jobs) {
        this.jobs = jobs;
    }

    @ServerRequestFilter
    public Uni<Response> rejectUnknownJobs(ContainerRequestContext request) {
        Matcher m = EVENTS.matcher(request.getUriInfo().getPath());
        if (!m.matches()) {
            return null;
        }
        String id = m.group(1);
        return jobs.view(id).map(view -> view.isPresent() ? null : Response.status(404)
                .type(Problem.MEDIA_TYPE)
                .entity(ProblemType.JOB_NOT_FOUND.with("no job " + id + " (unknown or expired)",
                        request.getUriInfo().getPath(), id))
                .build());
    }
}
