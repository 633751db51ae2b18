package io.colorcache.warmer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Original uploads, {@code cc:in:{sha256}}, shared with the gateway and the workers. */
@ConfigMapping(prefix = "colorcache.inputs")
public interface InputsConfig {

    /** Least lifetime a frequency run gives an upload it enqueues, so it outlives the job's wait. */
    @WithDefault("1h")
    Duration queuedTtl();

    /** Retention of uploads. */
    Retain retain();

    interface Retain {
        /** How long a preloaded image (folder or manifest) is kept: these are expected to be asked for. */
        @WithDefault("7d")
        Duration period();
    }
}
