package io.colorcache.warmer.redis;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import jakarta.enterprise.context.ApplicationScoped;

/** Whether a photo already has a result for the current model, in any format. */
@ApplicationScoped
public class ResultPresence {

    private final KeyCommands<String> keyCommands;
    private final KeySchema keys;
    private final ModelRef model;

    public ResultPresence(RedisDataSource redis, KeySchema keys, ModelRef model) {
        this.keyCommands = redis.key();
        this.keys = keys;
        this.model = model;
    }

    public boolean isWarm(String sha256) {
        for (OutputFormat format : OutputFormat.values()) {
            if (keyCommands.exists(keys.result(model, format, sha256))) {
                return true;
            }
        }
        return false;
    }
}
