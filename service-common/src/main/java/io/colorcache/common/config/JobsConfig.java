package io.colorcache.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The job streams and job records that the gateway and the warmer write and the workers read. */
@ConfigMapping(prefix = "colorcache.jobs")
public interface JobsConfig {

    /** Consumer group of the inference workers on the job streams. */
    @WithDefault("inference")
    String group();

    /** Lifetime of a job's record (its state hash) after the job ends. */
    @WithDefault("1d")
    Duration ttl();

    /**
     * Approximate maximum length of each job stream (XADD MAXLEN ~), a backstop above the
     * gateway's {@code max-queued}: workers trim what they have finished, so it is never reached
     * by work that is still waiting.
     */
    @WithDefault("100000")
    long streamMaxLen();
}
