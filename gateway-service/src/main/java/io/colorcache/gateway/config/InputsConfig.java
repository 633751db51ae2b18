package io.colorcache.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long original uploads ({@code cc:in:{sha256}}) stay in Redis: the privacy bound. An upload
 * is kept while its job is queued; only a photo asked for often enough is kept longer, so the
 * cache warmer can compute it again when its result expires or the model changes.
 */
@ConfigMapping(prefix = "colorcache.inputs")
public interface InputsConfig {

    /** How long an upload stays for the worker while its job is queued; the worker deletes it once done. */
    @WithDefault("1h")
    Duration queuedTtl();

    /** Retention of the uploads of frequently requested photos. */
    Retain retain();

    interface Retain {
        /**
         * Requests within the look-back window ({@code colorcache.frequency.lookback-days}) from
         * which a photo's upload is retained; 0 retains none.
         */
        @WithDefault("3")
        int minRequests();

        /**
         * How long a retained upload is kept after the request that last renewed it (renewed at most
         * once a day while the photo stays in demand): the longest any upload stays in Redis.
         */
        @WithDefault("7d")
        Duration period();
    }
}
