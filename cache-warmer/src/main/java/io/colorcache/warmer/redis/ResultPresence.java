package io.colorcache.warmer.redis;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.keys.RedisKeyNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Whether a result is warm: there, with more than the minimum lifetime left. */
@ApplicationScoped
public class ResultPresence {

    private final KeyCommands<String> keyCommands;

    public ResultPresence(RedisDataSource redis) {
        this.keyCommands = redis.key();
    }

    public boolean isWarm(String resultKey, Duration minTtl) {
        try {
            long ttl = keyCommands.pttl(resultKey);
            return ttl == -1 || ttl > minTtl.toMillis();
        } catch (RedisKeyNotFoundException missing) {
            return false;
        }
    }
}
