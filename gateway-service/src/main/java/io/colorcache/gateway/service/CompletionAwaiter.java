package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.gateway.redis.JobStates;
import io.colorcache.gateway.redis.ResultCache;
import io.colorcache.protocol.Completion;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for the end of the job computing a result: the completion message from the process's
 * one subscription, or what a periodic look at Redis finds, whichever comes first. Interest is
 * registered by {@link #watch} before the job is even submitted, then Redis is read once more,
 * so a completion published in between is never lost.
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

    /** Starts listening for completions of {@code resultKey}; close the watch when done with it. */
    public Watch watch(String resultKey) {
        return new Watch(resultKey, waiters.register(resultKey));
    }

    /** Interest in one result key. */
    public final class Watch implements AutoCloseable {
        private final String resultKey;
        private final CompletableFuture<Completion> notified;

        private Watch(String resultKey, CompletableFuture<Completion> notified) {
            this.resultKey = resultKey;
            this.notified = notified;
        }

        /** The completion of job {@code jobId}, or of any job that produced the same result. */
        public Uni<Completion> completion(String jobId) {
            Uni<Completion> polled = Multi.createFrom().ticks().every(config.recheckInterval())
                    .onItem().transformToUniAndConcatenate(tick -> probe(jobId))
                    .select().where(completion -> completion != null)
                    .toUni();
            return probe(jobId).chain(found -> found != null
                    ? Uni.createFrom().item(found)
                    : Uni.combine().any().of(Uni.createFrom().completionStage(notified), polled));
        }

        /** What Redis says now: the result exists, the job failed, or nothing yet (null). */
        private Uni<Completion> probe(String jobId) {
            return results.exists(resultKey).chain(exists -> exists
                    ? Uni.createFrom().item(Completion.succeeded(resultKey, jobId))
                    : jobStates.failure(jobId).map(failure -> failure
                            .map(f -> Completion.failed(resultKey, jobId, f.code(), f.detail()))
                            .orElse(null)));
        }

        @Override
        public void close() {
            waiters.remove(resultKey, notified);
        }
    }
}
