package io.colorcache.gateway.service;

import io.colorcache.gateway.redis.JobStates;
import io.colorcache.gateway.redis.QueuePosition;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.OutputFormat;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** Jobs as the API shows them ({@code GET /v1/jobs/{id}}), and their results. */
@ApplicationScoped
public class JobViews {

    private final TieredResults results;
    private final JobStates states;
    private final QueuePosition queuePosition;

    public JobViews(TieredResults results, JobStates states, QueuePosition queuePosition) {
        this.results = results;
        this.states = states;
        this.queuePosition = queuePosition;
    }

    /**
     * The view of a job this request has just created or joined. A joined job's record can be a
     * moment behind its lock (the request that took the lock writes the record just after), so
     * an empty read is tried again, every 50 ms for up to 2 s, before the job counts as unknown.
     */
    public Uni<Optional<JobView>> viewOfAccepted(String jobId) {
        return view(jobId).repeat().withDelay(Duration.ofMillis(50)).whilst(Optional::isEmpty)
                .select().first(40).collect().last();
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
                throw new JobFailedException(jobId, job.failureCode());
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

    private static JobView toView(String jobId, JobRecord job, OptionalLong position) {
        String base = "/v1/jobs/" + jobId;
        JobView.Error error = job.state() == JobState.FAILED
                ? new JobView.Error(job.failureCode().token(), job.failureCode().publicDetail())
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
