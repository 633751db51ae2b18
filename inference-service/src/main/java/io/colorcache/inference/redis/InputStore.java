package io.colorcache.inference.redis;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.common.redis.QueueRedis;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Original uploads, {@code cc:in:{sha256}}, as the gateway stored them. */
@ApplicationScoped
public class InputStore {

    /** Deletes an upload whose lifetime is that of a queued job, not a retained one's. */
    private static final String RELEASE_UNLESS_RETAINED = """
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl >= 0 and ttl <= tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final RedisDataSource redis;
    private final ValueCommands<String, byte[]> values;
    private final String queuedTtlMillis;

    public InputStore(@RedisClientName(QueueRedis.NAME) RedisDataSource redis, InputsConfig config) {
        this.redis = redis;
        this.values = redis.value(byte[].class);
        this.queuedTtlMillis = Long.toString(config.queuedTtl().toMillis());
    }

    public Optional<byte[]> get(String inputKey) {
        return Optional.ofNullable(values.get(inputKey));
    }

    /** Once its result is stored, an upload kept only for its job has served its purpose. */
    public void release(String inputKey) {
        redis.execute("EVAL", RELEASE_UNLESS_RETAINED, "1", inputKey, queuedTtlMillis);
    }
}
