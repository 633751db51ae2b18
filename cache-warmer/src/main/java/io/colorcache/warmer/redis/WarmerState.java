package io.colorcache.warmer.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** What the warmer remembers between runs: the model it last warmed for ({@code cc:warmer:model}). */
@ApplicationScoped
public class WarmerState {

    private final ValueCommands<String, String> values;
    private final KeySchema keys;

    public WarmerState(@RedisClientName(QueueRedis.NAME) RedisDataSource redis, KeySchema keys) {
        this.values = redis.value(String.class);
        this.keys = keys;
    }

    public Optional<String> lastModel() {
        return Optional.ofNullable(values.get(keys.warmerModel()));
    }

    public void rememberModel(String modelToken) {
        values.set(keys.warmerModel(), modelToken);
    }
}
