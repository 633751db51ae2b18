package io.colorcache.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The uploads Colorcache accepts, and how long their bytes ({@code cc:in:{sha256}}) stay in
 * Redis: the privacy bound. The gateway and the warmer check every upload against the same
 * limits (the worker again before it decodes). An upload is kept while its job is queued; only a
 * photo asked for often enough is kept longer, so the warmer can compute it again when its result
 * expires or the model changes.
 */
@ConfigMapping(prefix = "colorcache.inputs")
public interface InputsConfig {

    /** Largest upload, in bytes (413 at the gateway; keep quarkus.http.limits.max-body-size above it). */
    @WithDefault("20971520")
    long maxBytes();

    /** Largest image, in pixels: width times height, read from the header before anything is stored (422 above). */
    @WithDefault("50000000")
    long maxPixels();

    /**
     * How long an upload stays for the worker while its job is queued; the worker deletes it once
     * done. The warmer gives the uploads it enqueues at least this long.
     */
    @WithDefault("1h")
    Duration queuedTtl();

    /** Retention of the uploads of frequently requested (or preloaded) photos. */
    Retain retain();

    interface Retain {
        /**
         * Requests within the look-back window ({@code colorcache.frequency.lookback-days}) from
         * which a photo's upload is retained; 0 retains none.
         */
        @WithDefault("3")
        int minRequests();

        /**
         * How long a retained upload is kept after the request that last renewed it (renewed at
         * most once a day while the photo stays in demand), and how long the warmer keeps a
         * preloaded one (never past {@link #maxAge()}).
         */
        @WithDefault("7d")
        Duration period();

        /**
         * The longest any upload stays in Redis, counted from when it was first stored, however
         * often it is uploaded again: the absolute privacy bound.
         */
        @WithDefault("30d")
        Duration maxAge();
    }
}
