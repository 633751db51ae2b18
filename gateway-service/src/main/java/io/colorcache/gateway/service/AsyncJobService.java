package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.gateway.redis.JobStates;
import io.colorcache.gateway.redis.QueuePosition;
import io.colorcache.gateway.redis.ResultCache;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobHash;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** The asynchronous job API: submit and come back, by polling, by Server-Sent Events, or by callback. */
@ApplicationScoped
public class AsyncJobService {

    private final L1Cache l1;
    private final ResultCache l2;
    private final JobSubmitter submitter;
    private final JobStates states;
    private final QueuePosition queuePosition;
    private final KeySchema keys;
    private final ModelRef model;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final DemandRecorder demand;

    public AsyncJobService(L1Cache l1, ResultCache l2, JobSubmitter submitter, JobStates states,
            QueuePosition queuePosition, KeySchema keys, ModelRef model, GatewayConfig config, Vertx vertx,
            DemandRecorder demand) {
        this.l1 = l1;
        this.l2 = l2;
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
        Uni<Boolean> cached = l1.get(resultKey) != null ? Uni.createFrom().item(true) : l2.exists(resultKey);
        return cached.chain(hit -> {
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
        return states.fields(jobId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<JobView>empty());
            }
            Map<String, String> fields = found.get();
            Uni<OptionalLong> position = JobState.QUEUED.token().equals(fields.get(JobHash.STATE))
                    && fields.containsKey(JobHash.ENTRY)
                    ? queuePosition.of(fields.get(JobHash.STREAM), fields.get(JobHash.ENTRY))
                    : Uni.createFrom().item(OptionalLong.empty());
            return position.map(p -> Optional.of(toView(jobId, fields, p)));
        });
    }

    /** The result of a finished job; a problem when it is not done. */
    public Uni<ColorizedImage> result(String jobId) {
        if (!JobIds.isValid(jobId)) {
            return Uni.createFrom().failure(JobUnavailableException.unknown(jobId));
        }
        return states.fields(jobId).chain(found -> {
            Map<String, String> fields = found.orElseThrow(() -> JobUnavailableException.unknown(jobId));
            String state = fields.get(JobHash.STATE);
            if (JobState.FAILED.token().equals(state)) {
                throw new JobFailedException(jobId, FailureCode.fromToken(fields.get(JobHash.ERROR_CODE)),
                        fields.get(JobHash.ERROR));
            }
            if (!JobState.DONE.token().equals(state)) {
                throw new JobUnavailableException(jobId, JobUnavailableException.Reason.NOT_DONE,
                        "job " + jobId + " is " + state + "; its result is not ready yet");
            }
            String resultKey = fields.get(JobHash.RESULT);
            OutputFormat format = OutputFormat.fromToken(fields.get(JobHash.FORMAT)).orElse(OutputFormat.PNG);
            byte[] cached = l1.get(resultKey);
            if (cached != null) {
                return Uni.createFrom().item(new ColorizedImage(cached, format, resultKey, Outcome.HIT_L1));
            }
            return l2.get(resultKey).map(bytes -> {
                if (bytes == null) {
                    throw new JobUnavailableException(jobId, JobUnavailableException.Reason.RESULT_EXPIRED,
                            "job " + jobId + " is done but its result has expired from the cache; submit the photo again");
                }
                l1.put(resultKey, bytes);
                return new ColorizedImage(bytes, format, resultKey, Outcome.HIT_L2);
            });
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
                    if (!view.state().equals(last.getAndSet(view.state())) || "queued".equals(view.state())) {
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

    private static JobView toView(String jobId, Map<String, String> f, OptionalLong position) {
        String base = "/v1/jobs/" + jobId;
        String state = f.getOrDefault(JobHash.STATE, "queued");
        JobView.Error error = JobState.FAILED.token().equals(state)
                ? new JobView.Error(f.getOrDefault(JobHash.ERROR_CODE, FailureCode.INTERNAL.token()), f.get(JobHash.ERROR))
                : null;
        return new JobView(jobId, state, f.get(JobHash.SHA256), f.get(JobHash.FORMAT),
                position.isPresent() ? position.getAsLong() : null,
                f.containsKey(JobHash.ATTEMPTS) ? Integer.valueOf(f.get(JobHash.ATTEMPTS)) : null,
                new JobView.Timings(instant(f.get(JobHash.ENQUEUED_AT)), instant(f.get(JobHash.STARTED_AT)),
                        instant(f.get(JobHash.FINISHED_AT))),
                error, new JobView.Links(base, base + "/result", base + "/events"));
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
