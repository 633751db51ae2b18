package io.colorcache.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The request counts per photo and day ({@code cc:freq:{yyyymmdd}}): the gateway writes them,
 * the warmer reads them.
 */
@ConfigMapping(prefix = "colorcache.frequency")
public interface FrequencyConfig {

    /**
     * Days of counts that matter, today included: each day's set expires a day after leaving the
     * window, retention counts requests over it, and the warmer ranks photos over it.
     */
    @WithDefault("7")
    int lookbackDays();

    /** Count requests at all (gateway); off, the warmer has nothing to go by and no upload is retained. */
    @WithDefault("true")
    boolean enabled();

    /** Counting batches in flight at once (gateway); beyond it, requests go uncounted rather than queue up. */
    @WithDefault("1024")
    int maxInFlight();

    /**
     * Bytes of uploads that counting batches in flight may hold for a possible retention
     * (gateway); beyond it a request is counted without its upload, which a later request may
     * still retain.
     */
    @WithDefault("67108864")
    long maxUploadBytesHeld();
}
