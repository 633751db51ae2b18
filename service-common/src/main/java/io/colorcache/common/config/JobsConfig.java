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

    /** How an accepted job is made to survive a failover of the Redis primary. */
    Durability durability();

    /** Replica acknowledgement of accepted jobs (Redis {@code WAIT}). */
    interface Durability {

        /**
         * Replicas that must hold a job before the gateway accepts it: before the 202, or before a
         * synchronous request starts waiting. 0 (the default) waits for none, right for a Redis
         * without replicas; set 1 with Sentinel or a managed Redis that fails over.
         */
        @WithDefault("0")
        int replicas();

        /**
         * How long the gateway waits for them. When fewer acknowledge in time it answers 503
         * {@code not-durable}: the job stays queued and a retry of the same photo joins it.
         */
        @WithDefault("500ms")
        Duration timeout();
    }
}
