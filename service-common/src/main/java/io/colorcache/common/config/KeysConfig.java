package io.colorcache.common.config;

import io.colorcache.protocol.KeySchema;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Colorcache's keys live in Redis; every service of one deployment uses the same. */
@ConfigMapping(prefix = "colorcache.keys")
public interface KeysConfig {

    /** Prefix of every Redis key, for example {@code cc:}. */
    @WithDefault(KeySchema.DEFAULT_PREFIX)
    String prefix();
}
