package io.colorcache.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The HTTP front: limits, waiting, and the L1 cache. */
@ConfigMapping(prefix = "colorcache.gateway")
public interface GatewayConfig {

    /** Memory for upload bodies while they are received and answered. */
    Uploads uploads();

    interface Uploads {
        /**
         * Memory for raw uploads being served: each counts twice its Content-Length (its bytes and a
         * result of about the same size; a chunked upload counts as colorcache.inputs.max-bytes)
         * until its answer is sent. An upload that does not fit waits, its body unread, in arrival
         * order. Raised to twice colorcache.inputs.max-bytes if set lower.
         */
        @WithDefault("134217728")
        long maxBytesInFlight();

        /** How long an upload may wait for room before it is refused (503 uploads-busy, with Retry-After). */
        @WithDefault("10s")
        Duration maxWait();
    }

    /** How long a synchronous request waits for its result before 504; the job itself goes on. */
    @WithDefault("60s")
    Duration deadline();

    /** How often a waiting request re-checks Redis, in case a completion message was missed. */
    @WithDefault("1s")
    Duration recheckInterval();

    /** Lifetime of the single-flight lock: how long one job may take before another may be started. */
    @WithDefault("5m")
    Duration lockTtl();

    /**
     * Jobs waiting or in progress on the stream beyond which new work is refused (503 queue-full,
     * with Retry-After) rather than accepted and risked.
     */
    @WithDefault("50000")
    long maxQueued();

    /** Completion callbacks of the job API. */
    Callback callback();

    interface Callback {
        /**
         * Key of the HMAC-SHA256 signature sent with every callback ({@code X-Colorcache-Signature:
         * sha256=<hex>} over the body). Without it, submissions with a callbackUrl are refused.
         */
        java.util.Optional<String> secret();

        /** Deliveries of one callback before giving up. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second delivery; doubled for each further one. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Time allowed for one delivery. */
        @WithDefault("10s")
        Duration timeout();

        /** How long a job is watched for its callback before the gateway stops waiting. */
        @WithDefault("1h")
        Duration watchFor();
    }

    /** The in-process L1 cache of results. */
    L1 l1();

    interface L1 {
        /** Total bytes of results kept in process memory; 0 turns L1 off. */
        @WithName("max-bytes")
        @WithDefault("268435456")
        long maxBytes();
    }
}
