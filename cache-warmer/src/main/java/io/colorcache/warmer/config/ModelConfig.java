package io.colorcache.warmer.config;

import io.smallrye.config.ConfigMapping;

/** The model whose results are kept warm; the same keys as the other services. */
@ConfigMapping(prefix = "colorcache.model")
public interface ModelConfig {

    /** Model id used in result keys, for example {@code ddcolor-tiny}. */
    String id();

    /** First 8 to 64 hex digits of the model file's SHA-256; part of every result key. */
    String version();
}
