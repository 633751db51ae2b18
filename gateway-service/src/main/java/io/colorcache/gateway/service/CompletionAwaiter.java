package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.gateway.redis.JobStates;
import io.colorcache.gateway.redis.ResultCache;
import io.colorcache.protocol.Completion;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Waits for the end of the job computing a result: the completion message from the process's one subscription, or
 * what a periodic look at Redis finds, whichever comes first. The message waiter is registered before Redis is first
 * read, and the worker writes the result before it publishes, so a completion published at any moment is seen.
 */
@ApplicationScoped
public class CompletionAwaiter {

    private final CompletionWaiters waiters;
    private final ResultCache results;
    private final JobStates jobStates;
    private final GatewayConfig config;

    public CompletionAwaiter(CompletionWaiters waiters, ResultCache results, JobStates jobStates, GatewayConfig config) {
        this.waiters = waiters;
        this.results = results;
        this.jobStates = jobStates;
        this.config = config;
    }

    /** The completion of job {@code jobId}, or of any job that produced the same {@code resultKey}. */
    public Uni<Completion> completion(String resultKey, String jobId) {
        // A tick that comes while a probe is still out (Redis slow) is dropped, not a backpressure failure.
        Uni<Completion> polled = Multi.createFrom().ticks().every(config.recheckInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> probe(resultKey, jobId))
                .select().where(completion -> completion != null)
                .toUni();
        Uni<Completion> probedThenPolled = probe(resultKey, jobId)
                .chain(found -> found != null ? Uni.createFrom().item(found) : polled);
        // any() subscribes in order: the waiter is registered before the first probe reads Redis.
        return Uni.combine().any().of(waiters.next(resultKey), probedThenPolled);
    }

    /** What Redis says now: the result exists (rendered near or not), the job failed, or nothing yet (null). */
    private Uni<Completion> probe(String resultKey, String jobId) {
        return results.exists(resultKey).chain(exists -> exists
                ? jobStates.record(jobId).map(record -> record.isPresent() && record.get().near()
                        ? Completion.near(resultKey, jobId) : Completion.succeeded(resultKey, jobId))
                : jobStates.failure(jobId).map(failure -> failure
                        .map(f -> Completion.failed(resultKey, jobId, f.code(), f.detail()))
                        .orElse(null)));
    }
}
