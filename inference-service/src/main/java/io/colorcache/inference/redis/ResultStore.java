package io.colorcache.inference.redis;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Encoded results, {@code cc:res:...}, written with a TTL. */
@ApplicationScoped
public class ResultStore {

    private final ValueCommands<String, byte[]> values;
    private final KeyCommands<String> keys;

    public ResultStore(RedisDataSource redis) {
        this.values = redis.value(byte[].class);
        this.keys = redis.key();
    }

    public boolean exists(String resultKey) {
        return keys.exists(resultKey);
    }

    /** Idempotent: the same job finishing twice writes the same bytes. */
    public void put(String resultKey, byte[] encoded, Duration ttl) {
        values.set(resultKey, encoded, new SetArgs().px(ttl));
    }
}
