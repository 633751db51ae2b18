package io.colorcache.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Colorcache's keys live in Redis; every service of one deployment uses the same. */
@ConfigMapping(prefix = "colorcache.keys")
public interface KeysConfig {

    /** Prefix of every Redis key, for example {@code cc:}. */
    @WithDefault("cc:")
    String prefix();
}
