package io.colorcache.inference.redis;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Original uploads, {@code cc:in:{sha256}}, as the gateway stored them. */
@ApplicationScoped
public class InputStore {

    private final ValueCommands<String, byte[]> values;

    public InputStore(RedisDataSource redis) {
        this.values = redis.value(byte[].class);
    }

    public Optional<byte[]> get(String inputKey) {
        return Optional.ofNullable(values.get(inputKey));
    }
}
