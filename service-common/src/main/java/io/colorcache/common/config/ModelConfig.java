package io.colorcache.common.config;

import io.smallrye.config.ConfigMapping;

/**
 * Which DDColor model results belong to: part of every result key, so the gateway, the workers
 * and the warmer must name the same. How the worker loads and runs it is the inference service's
 * own {@code colorcache.model} settings.
 */
@ConfigMapping(prefix = "colorcache.model")
public interface ModelConfig {

    /** Model id used in result keys, for example {@code ddcolor-tiny}. */
    String id();

    /**
     * The first 8 to 64 hex digits of the model file's SHA-256. The worker refuses to start when
     * its file does not match, so results of different models never share keys.
     */
    String version();
}
