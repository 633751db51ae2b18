package io.colorcache.gateway.service;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.redis.JobStates;
import io.colorcache.gateway.redis.QueuePosition;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
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
    private final PhotoAccess access;

    public JobViews(TieredResults results, JobStates states, QueuePosition queuePosition, PhotoAccess access) {
        this.results = results;
        this.states = states;
        this.queuePosition = queuePosition;
        this.access = access;
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

    /**
     * The job as the API shows it to the tenant; empty when unknown, expired, or of a photo the
     * tenant does not hold (never uploaded, or erased by it): a job id alone opens nothing.
     */
    public Uni<Optional<JobView>> view(Tenant tenant, String jobId) {
        return viewOf(jobId, visibleRecord(tenant, jobId));
    }

    /**
     * The job as the API shows it, to whoever asks (a callback, the request that created it);
     * empty when unknown or expired.
     */
    public Uni<Optional<JobView>> view(String jobId) {
        return viewOf(jobId, record(jobId));
    }

    private Uni<Optional<JobRecord>> record(String jobId) {
        return JobIds.isValid(jobId) ? states.record(jobId) : Uni.createFrom().item(Optional.empty());
    }

    private Uni<Optional<JobRecord>> visibleRecord(Tenant tenant, String jobId) {
        return record(jobId).chain(found -> found.isEmpty() || !Sha256.isHex(found.get().sha256())
                ? Uni.createFrom().item(Optional.<JobRecord>empty())
                : access.mayFetch(tenant, found.get().sha256()).map(held -> held ? found : Optional.<JobRecord>empty()));
    }

    private Uni<Optional<JobView>> viewOf(String jobId, Uni<Optional<JobRecord>> record) {
        return record.chain(found -> found.isEmpty()
                ? Uni.createFrom().item(Optional.<JobView>empty()) : view(jobId, found.get()).map(Optional::of));
    }

    private Uni<JobView> view(String jobId, JobRecord job) {
        Uni<OptionalLong> position = job.isWaitingAt()
                ? queuePosition.of(job.stream(), job.entry())
                : Uni.createFrom().item(OptionalLong.empty());
        return position.map(p -> toView(jobId, job, p));
    }

    /** The result of a finished job of a photo the tenant holds; a problem when it is not done. */
    public Uni<ColorizedImage> result(Tenant tenant, String jobId) {
        return visibleRecord(tenant, jobId).chain(found -> {
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
