package io.colorcache.warmer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the shared Redis keys live. */
@ConfigMapping(prefix = "colorcache.keys")
public interface KeysConfig {

    /** Namespace prefix of every Redis key and channel; must equal the other services'. */
    @WithDefault("cc:")
    String prefix();
}
