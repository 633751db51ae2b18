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

    /**
     * @param inputBytes the upload's size when the warmer holds it, else 0 (the warm stream's
     *        queued bytes then leave it out)
     * @return the stream entry id
     */
    public String enqueue(JobMessage job, long inputBytes) {
        if (job.priority() != Priority.WARM) {
            throw new IllegalArgumentException("the warmer only enqueues warm jobs");
        }
        return enqueuer.enqueue(job, inputBytes).await().atMost(REDIS_TIMEOUT);
    }
}
