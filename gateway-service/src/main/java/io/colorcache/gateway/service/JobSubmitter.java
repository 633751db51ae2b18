package io.colorcache.gateway.service;

import io.colorcache.gateway.redis.JobQueue;
import io.colorcache.gateway.redis.SingleFlightLock;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Priority;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes sure exactly one job exists for a result key across all gateway replicas: takes the
 * single-flight lock and enqueues a new job, or returns the id of the job that holds the lock.
 */
@ApplicationScoped
public class JobSubmitter {

    private static final int MAX_LOCK_ATTEMPTS = 3;

    private final SingleFlightLock lock;
    private final JobQueue queue;
    private final KeySchema keys;

    public JobSubmitter(SingleFlightLock lock, JobQueue queue, KeySchema keys) {
        this.lock = lock;
        this.queue = queue;
        this.keys = keys;
    }

    /** The job computing a result: {@code created} when this call enqueued it. */
    public record Submitted(String jobId, boolean created) {
    }

    public Uni<Submitted> submit(String resultKey, ColorizeService.Request request) {
        return submit(resultKey, request, 1);
    }

    private Uni<Submitted> submit(String resultKey, ColorizeService.Request request, int attempt) {
        String jobId = JobIds.next();
        return lock.tryAcquire(resultKey, jobId).chain(acquired -> {
            if (acquired) {
                JobMessage job = new JobMessage(jobId, resultKey, keys.input(request.sha256()), request.sha256(),
                        request.format(), System.currentTimeMillis(), request.traceparent(), Priority.INTERACTIVE);
                return queue.enqueue(job, request.upload())
                        .onFailure().call(() -> lock.release(resultKey, jobId).onFailure().recoverWithNull())
                        .replaceWith(new Submitted(jobId, true));
            }
            return lock.holder(resultKey).chain(holder -> {
                if (holder != null || attempt >= MAX_LOCK_ATTEMPTS) {
                    return Uni.createFrom().item(new Submitted(holder == null ? jobId : holder, false));
                }
                // The other job ended between our two calls; its result may be there, else try again.
                return submit(resultKey, request, attempt + 1);
            });
        });
    }
}
