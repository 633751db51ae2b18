package io.colorcache.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Colorized results in Redis. */
@ConfigMapping(prefix = "colorcache.results")
public interface ResultsConfig {

    /** How long a result stays in Redis after it is written (the warmer may keep hot ones longer). */
    @WithDefault("7d")
    Duration ttl();
}
