package io.colorcache.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Original uploads in Redis, shared with the gateway. */
@ConfigMapping(prefix = "colorcache.inputs")
public interface InputsConfig {

    /**
     * The gateway's lifetime of an upload while its job is queued. Once a job is done its upload
     * is deleted, unless it lives longer than this: then the gateway retained it for the warmer.
     */
    @WithDefault("1h")
    Duration queuedTtl();
}
