package io.colorcache.gateway.rest;

import io.colorcache.common.redis.NotDurableException;
import io.colorcache.gateway.redis.RedisUnavailability;
import io.colorcache.gateway.service.ComputationQuotaExceededException;
import io.colorcache.gateway.service.JobFailedException;
import io.colorcache.gateway.service.JobTimeoutException;
import io.colorcache.gateway.service.JobUnavailableException;
import io.colorcache.gateway.service.QueueFullException;
import io.colorcache.protocol.FailureCode;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into {@code application/problem+json} with a stable type. */
public class ProblemMappers {

    static final String RETRY_AFTER_SECONDS = "5";

    private final RedisOutages outages;

    public ProblemMappers(RedisOutages outages) {
        this.outages = outages;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e, HttpServerRequest request) {
        return respond(e.type().with(e.getMessage(), request.path(), null));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> jobFailed(JobFailedException e, HttpServerRequest request) {
        ProblemType type = e.code() == FailureCode.UNDECODABLE_IMAGE ? ProblemType.UNDECODABLE_IMAGE : ProblemType.JOB_FAILED;
        return respond(type.with(e.getMessage(), request.path(), e.jobId()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> jobTimeout(JobTimeoutException e, HttpServerRequest request) {
        return respond(ProblemType.JOB_TIMEOUT.with(e.getMessage(), request.path(), e.jobId()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> queueFull(QueueFullException e, HttpServerRequest request) {
        return respond(ProblemType.QUEUE_FULL.with(e.getMessage(), request.path(), null));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> computationQuota(ComputationQuotaExceededException e, HttpServerRequest request) {
        RestResponse<Problem> response = respond(ProblemType.COMPUTATION_QUOTA.with(e.getMessage(), request.path(), null));
        response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        response.getHeaders().putSingle(RequestRateLimit.POLICY, "\"computations\";q=" + e.perDay() + ";w=86400");
        return response;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notDurable(NotDurableException e, HttpServerRequest request) {
        return respond(ProblemType.NOT_DURABLE.with(e.getMessage()
                + "; the job stays queued and retrying the same photo joins it", request.path(), null));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> jobUnavailable(JobUnavailableException e, HttpServerRequest request) {
        ProblemType type = switch (e.reason()) {
            case UNKNOWN -> ProblemType.JOB_NOT_FOUND;
            case NOT_DONE -> ProblemType.JOB_NOT_DONE;
            case RESULT_EXPIRED -> ProblemType.RESULT_EXPIRED;
        };
        return respond(type.with(e.getMessage(), request.path(), e.jobId()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (type == null) {
            Problem generic = new Problem(ProblemType.BASE_URI + "http-" + status,
                    Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                            : Response.Status.fromStatusCode(status).getReasonPhrase(),
                    status, e.getMessage(), request.path(), null);
            return respond(generic);
        }
        String detail = status == 415 ? notAnImage(request.getHeader(HttpHeaders.CONTENT_TYPE)) : e.getMessage();
        return respond(type.with(detail, request.path(), null));
    }

    /** What a person is told of a body whose Content-Type names no image. */
    private static String notAnImage(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        String named = type.isEmpty() ? "a body without a Content-Type"
                : "a body of type " + (type.length() > 100 ? type.substring(0, 100) + "..." : type);
        return named + " is not a photo: send a JPEG, PNG, TIFF or WebP file (Content-Type image/..., or"
                + " application/octet-stream)";
    }

    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<Problem> unexpected(Throwable e, HttpServerRequest request) {
        if (RedisUnavailability.causedBy(e)) {
            Log.warnf("Redis unavailable for %s: %s", request.path(), e.getMessage());
            outages.counted();
            return respond(ProblemType.REDIS_UNAVAILABLE.with(
                    "the cache and job queue cannot be reached; retry later", request.path(), null));
        }
        Log.errorf(e, "Unexpected failure on %s", request.path());
        return respond(ProblemType.INTERNAL.with("an unexpected error occurred", request.path(), null));
    }

    static RestResponse<Problem> respond(Problem problem) {
        RestResponse.ResponseBuilder<Problem> builder = RestResponse.ResponseBuilder
                .<Problem>create(problem.status())
                .entity(problem)
                .header(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 503) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return builder.build();
    }
}
