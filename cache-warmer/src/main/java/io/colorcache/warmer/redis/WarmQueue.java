package io.colorcache.warmer.redis;

import io.colorcache.common.redis.JobEnqueuer;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Puts warm jobs on {@code cc:jobs:warm}: through the same {@link JobEnqueuer} as the gateway's
 * interactive ones. No single-flight lock is taken: a user asking for the
 * same photo meanwhile gets an interactive job of its own rather than waiting behind warm work,
 * and whichever job runs second reuses the first one's result.
 */
@ApplicationScoped
public class WarmQueue {

    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

    private final JobEnqueuer enqueuer;

    public WarmQueue(JobEnqueuer enqueuer) {
        this.enqueuer = enqueuer;
    }

    /** @return the stream entry id */
    public String enqueue(JobMessage job) {
        if (job.priority() != Priority.WARM) {
            throw new IllegalArgumentException("the warmer only enqueues warm jobs");
        }
        return enqueuer.enqueue(job).await().atMost(REDIS_TIMEOUT);
    }
}
