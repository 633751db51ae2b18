package io.colorcache.warmer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What one warmer run looks at. */
@ConfigMapping(prefix = "colorcache.warmer")
public interface WarmerConfig {

    /** How many of the most requested photos a run considers. */
    @WithDefault("100")
    int topK();

    /** How many days of request frequencies ({@code cc:freq:{yyyymmdd}}) a run reads, today included. */
    @WithDefault("7")
    int lookbackDays();
}
