package io.colorcache.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

        /**
         * The slowest a raw upload's body may arrive, on average since its first byte was asked
         * for, once {@link #bodyGrace()} has passed; a slower one is ended (408 request-timeout)
         * and its memory given back, so slow connections cannot hold the upload budget.
         */
        @WithDefault("4096")
        long minBytesPerSecond();

        /** How long a body may take before its rate is checked. */
        @WithDefault("10s")
        Duration bodyGrace();
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

    /**
     * Input bytes of the interactive stream's unacknowledged jobs beyond which new work is refused
     * (503 queue-full): what the queue may hold in Redis, so a backlog of large uploads cannot
     * fill maxmemory and evict everyone's results.
     */
    @WithDefault("268435456")
    long maxQueuedBytes();

    /** Server-Sent Event streams of jobs ({@code GET /v1/jobs/{id}/events}). */
    Events events();

    interface Events {
        /** Streams this gateway serves at once; one more gets 503 event-streams-busy. */
        @WithDefault("2000")
        int maxStreams();

        /** Streams one tenant may hold open on this gateway at once; one more gets 429 too-many-event-streams. */
        @WithDefault("20")
        int maxStreamsPerTenant();

        /** The longest a stream stays open; the client may reconnect (or poll) after it ends. */
        @WithDefault("15m")
        Duration maxLifetime();
    }

    /** Completion callbacks of the job API. */
    Callback callback();

    interface Callback {
        /**
         * Master key of callback signatures: each tenant's endpoint (URL origin) gets a secret
         * derived from it (Standard Webhooks, {@code whsec_...}, {@code GET /v1/callbacks/secret}).
         * Without it, submissions with a callbackUrl are refused.
         */
        Optional<String> secret();

        /** Deliveries of one callback before giving up (only timeouts, connection errors and 5xx are retried). */
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

        /** Jobs this gateway watches for callbacks at once; a submission past it gets 503 callbacks-busy. */
        @WithDefault("10000")
        int maxWatched();

        /**
         * Address ranges no callback may reach, besides the ones never reached (loopback,
         * link-local, private, CGNAT, multicast, unique-local IPv6): the cluster's service and pod
         * CIDRs where they are public addresses.
         */
        Optional<List<String>> blockedCidrs();

        /** Address ranges a callback may reach although blocked: an internal receiver you trust. */
        Optional<List<String>> allowedCidrs();

        /**
         * An HTTP egress proxy ({@code host:port}, Smokescreen-style) that sends every callback and
         * applies its own rules; without it the gateway resolves the host, checks every address,
         * and connects to the one it checked.
         */
        Optional<String> proxy();
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
