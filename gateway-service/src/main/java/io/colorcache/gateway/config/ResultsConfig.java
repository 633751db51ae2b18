package io.colorcache.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Results in Redis, shared with the inference service. */
@ConfigMapping(prefix = "colorcache.results")
public interface ResultsConfig {

    /** Lifetime of a result in Redis; each hit refreshes it (GETEX) and it is the clients' max-age. */
    @WithDefault("7d")
    Duration ttl();
}
