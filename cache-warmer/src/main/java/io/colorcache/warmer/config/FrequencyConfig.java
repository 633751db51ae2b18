package io.colorcache.warmer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's request counts per photo and day, {@code cc:freq:{yyyymmdd}}. */
@ConfigMapping(prefix = "colorcache.frequency")
public interface FrequencyConfig {

    /** Days of counts a run reads, today included; equal to the gateway's. */
    @WithDefault("7")
    int lookbackDays();
}
