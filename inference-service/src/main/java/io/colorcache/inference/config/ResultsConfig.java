package io.colorcache.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Results in Redis, shared with the gateway. */
@ConfigMapping(prefix = "colorcache.results")
public interface ResultsConfig {

    /** Lifetime of a result in Redis; the gateway refreshes it on each hit. */
    @WithDefault("7d")
    Duration ttl();
}
