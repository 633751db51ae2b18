package io.colorcache.gateway.rest;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.service.CallbackNotifier;
import io.colorcache.gateway.service.JobEvents;
import io.colorcache.gateway.service.JobSubmissions;
import io.colorcache.gateway.service.JobUnavailableException;
import io.colorcache.gateway.service.JobView;
import io.colorcache.gateway.service.JobViews;
import io.colorcache.gateway.service.RequestTracing;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The asynchronous API: {@code POST /v1/jobs} (same uploads as /v1/colorize, optional
 * {@code callbackUrl}) answers 202 with the job's URL, or 200 when the result is already cached;
 * then {@code GET /v1/jobs/{id}}, {@code /result} and {@code /events} (Server-Sent Events).
 */
@Path("/v1/jobs")
public class JobsResource {

    private final JobSubmissions submissions;
    private final JobViews jobs;
    private final JobEvents events;
    private final CallbackNotifier callbacks;
    private final UploadIntake intake;
    private final UploadBodyReader reader;
    private final ImageResponses responses;

    public JobsResource(JobSubmissions submissions, JobViews jobs, JobEvents events, CallbackNotifier callbacks,
            UploadIntake intake, UploadBodyReader reader, ImageResponses responses) {
        this.submissions = submissions;
        this.jobs = jobs;
        this.events = events;
        this.callbacks = callbacks;
        this.intake = intake;
        this.reader = reader;
        this.responses = responses;
    }

    /** The callback URL comes as the query parameter, or as the multipart field {@code callbackUrl}. */
    @POST
    @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM, MediaType.MULTIPART_FORM_DATA})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<JobView>> submit(RoutingContext ctx, @RestQuery String callbackUrl,
            @RestHeader("traceparent") String traceparent, @RestQuery String match) {
        String formCallbackUrl = reader.formCallbackUrl(ctx);
        return submit(reader.uploadOf(ctx), formCallbackUrl != null ? formCallbackUrl : callbackUrl,
                JobsAcceptFilter.resultAccept(ctx), RequestTracing.current(traceparent), Authenticator.tenantOf(ctx),
                match);
    }

    private Uni<RestResponse<JobView>> submit(Uni<Upload> upload, String callbackUrl, String accept, String traceparent,
            Tenant tenant, String match) {
        // The result format follows Accept as for /v1/colorize (set aside by JobsAcceptFilter);
        // this endpoint itself answers JSON.
        String imageAccept = accept == null || accept.contains("json") ? null : accept;
        return checkCallback(tenant, callbackUrl)
                .chain(() -> upload)
                .map(received -> intake.accept(received, imageAccept, traceparent, tenant, match))
                .chain(submissions::submit)
                .call(accepted -> callbackUrl == null ? Uni.createFrom().voidItem()
                        : callbacks.notifyWhenDone(tenant, accepted.jobId(), accepted.resultKey(), callbackUrl))
                .chain(accepted -> jobs.viewOfAccepted(accepted.jobId()).map(view -> {
                    JobView job = view.orElseThrow(() -> JobUnavailableException.unknown(accepted.jobId()));
                    RestResponse.ResponseBuilder<JobView> response = accepted.fromCache()
                            ? RestResponse.ResponseBuilder.ok(job)
                            : RestResponse.ResponseBuilder.<JobView>create(RestResponse.Status.ACCEPTED).entity(job);
                    return response.location(URI.create(job.links().self())).build();
                }));
    }

    /**
     * Refuses a callback URL that no delivery could use or that the tenant's key may not call, and
     * any while this gateway watches its most jobs.
     */
    private Uni<Void> checkCallback(Tenant tenant, String callbackUrl) {
        if (callbackUrl == null) {
            return Uni.createFrom().voidItem();
        }
        if (callbacks.busy()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.CALLBACKS_BUSY,
                    "this gateway watches as many jobs for callbacks as it may; retry later, or poll the job"));
        }
        return callbacks.problemWith(tenant, callbackUrl).invoke(problem -> problem.ifPresent(detail -> {
            throw new ProblemException(ProblemType.INVALID_CALLBACK_URL, detail);
        })).replaceWithVoid();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<JobView> status(RoutingContext ctx, @RestPath String id) {
        return jobs.view(Authenticator.tenantOf(ctx), id)
                .map(view -> view.orElseThrow(() -> JobUnavailableException.unknown(id)));
    }

    @GET
    @Path("/{id}/result")
    public Uni<RestResponse<byte[]>> result(RoutingContext ctx, @RestPath String id) {
        return jobs.result(Authenticator.tenantOf(ctx), id).map(responses::ok);
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<JobView> events(RoutingContext ctx, @RestPath String id) {
        // EventsPrecheck has already answered 404 for an unknown job, before the stream began.
        return events.events(Authenticator.tenantOf(ctx), id);
    }
}
