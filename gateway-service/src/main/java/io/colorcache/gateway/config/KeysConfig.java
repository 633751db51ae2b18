package io.colorcache.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the shared Redis keys live. */
@ConfigMapping(prefix = "colorcache.keys")
public interface KeysConfig {

    /** Namespace prefix of every Redis key and channel; must equal the inference service's. */
    @WithDefault("cc:")
    String prefix();
}
