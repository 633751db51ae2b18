package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.gateway.redis.JobStates;
import io.colorcache.gateway.redis.QueuePosition;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** The asynchronous job API: submit and come back, by polling, by Server-Sent Events, or by callback. */
@ApplicationScoped
public class AsyncJobService {

    private final TieredResults results;
    private final JobSubmitter submitter;
    private final JobStates states;
    private final QueuePosition queuePosition;
    private final KeySchema keys;
    private final ModelRef model;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final DemandRecorder demand;

    public AsyncJobService(TieredResults results, JobSubmitter submitter, JobStates states,
            QueuePosition queuePosition, KeySchema keys, ModelRef model, GatewayConfig config, Vertx vertx,
            DemandRecorder demand) {
        this.results = results;
        this.submitter = submitter;
        this.states = states;
        this.queuePosition = queuePosition;
        this.keys = keys;
        this.model = model;
        this.config = config;
        this.vertx = vertx;
        this.demand = demand;
    }

    /** A submission: the job's id, and whether it was answered from the cache. */
    public record Accepted(String jobId, String resultKey, boolean fromCache) {
    }

    public Uni<Accepted> submit(ColorizeService.Request request) {
        demand.record(request.sha256(), request.upload());
        String resultKey = keys.result(model, request.format(), request.sha256());
        return results.exists(resultKey).chain(hit -> {
            if (hit) {
                String jobId = JobIds.next();
                return states.recordDone(jobId, resultKey, request.sha256(), request.format())
                        .replaceWith(new Accepted(jobId, resultKey, true));
            }
            return submitter.submit(resultKey, request).map(s -> new Accepted(s.jobId(), resultKey, false));
        });
    }

    /** The job as the API shows it; empty when unknown or expired. */
    public Uni<Optional<JobView>> view(String jobId) {
        if (!JobIds.isValid(jobId)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return states.record(jobId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<JobView>empty());
            }
            JobRecord job = found.get();
            Uni<OptionalLong> position = job.isWaitingAt()
                    ? queuePosition.of(job.stream(), job.entry())
                    : Uni.createFrom().item(OptionalLong.empty());
            return position.map(p -> Optional.of(toView(jobId, job, p)));
        });
    }

    /** The result of a finished job; a problem when it is not done. */
    public Uni<ColorizedImage> result(String jobId) {
        if (!JobIds.isValid(jobId)) {
            return Uni.createFrom().failure(JobUnavailableException.unknown(jobId));
        }
        return states.record(jobId).chain(found -> {
            JobRecord job = found.orElseThrow(() -> JobUnavailableException.unknown(jobId));
            if (job.state() == JobState.FAILED) {
                throw new JobFailedException(jobId, job.failureCode(), job.error());
            }
            if (job.state() != JobState.DONE) {
                throw new JobUnavailableException(jobId, JobUnavailableException.Reason.NOT_DONE,
                        "job " + jobId + " is " + job.state().token() + "; its result is not ready yet");
            }
            String resultKey = job.resultKey();
            OutputFormat format = OutputFormat.fromToken(job.format()).orElse(OutputFormat.PNG);
            return results.find(resultKey, format).map(image -> image.orElseThrow(() -> new JobUnavailableException(
                    jobId, JobUnavailableException.Reason.RESULT_EXPIRED,
                    "job " + jobId + " is done but its result has expired from the cache; submit the photo again")));
        });
    }

    /**
     * The job's state now, then each change, until it is done or failed. Redis is read at the
     * re-check interval; the stream ends (and its timer with it) when the client goes away.
     */
    public Multi<JobView> events(String jobId) {
        return Multi.createFrom().emitter(emitter -> {
            AtomicReference<String> last = new AtomicReference<>();
            AtomicBoolean polling = new AtomicBoolean();
            Runnable poll = () -> {
                if (!polling.compareAndSet(false, true)) {
                    return;
                }
                view(jobId).subscribe().with(found -> {
                    polling.set(false);
                    if (found.isEmpty()) {
                        emitter.fail(JobUnavailableException.unknown(jobId));
                        return;
                    }
                    JobView view = found.get();
                    if (!view.state().equals(last.getAndSet(view.state())) || JobState.QUEUED.token().equals(view.state())) {
                        emitter.emit(view);
                    }
                    if (view.isFinal()) {
                        emitter.complete();
                    }
                }, failure -> {
                    polling.set(false);
                    emitter.fail(failure);
                });
            };
            long timer = vertx.setPeriodic(config.recheckInterval().toMillis(), id -> poll.run());
            emitter.onTermination(() -> vertx.cancelTimer(timer));
            poll.run();
        });
    }

    private static JobView toView(String jobId, JobRecord job, OptionalLong position) {
        String base = "/v1/jobs/" + jobId;
        JobView.Error error = job.state() == JobState.FAILED
                ? new JobView.Error(job.failureCode().token(), job.error())
                : null;
        return new JobView(jobId, job.state().token(), job.sha256(), job.format(),
                position.isPresent() ? position.getAsLong() : null, job.attempts(),
                new JobView.Timings(instant(job.enqueuedAt()), instant(job.startedAt()), instant(job.finishedAt())),
                error, new JobView.Links(base, base + "/result", base + "/events"));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
