package io.colorcache.gateway.redis;

import io.colorcache.common.config.ResultsConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.GetExArgs;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** L2: results in Redis. A read refreshes the TTL (GETEX), so what is asked for stays. */
@ApplicationScoped
public class ResultCache {

    private final ReactiveValueCommands<String, byte[]> values;
    private final ReactiveKeyCommands<String> keys;
    private final GetExArgs refresh;

    public ResultCache(ReactiveRedisDataSource redis, ResultsConfig config) {
        this.values = redis.value(byte[].class);
        this.keys = redis.key();
        this.refresh = new GetExArgs().ex(config.ttl());
    }

    public Uni<Boolean> exists(String resultKey) {
        return keys.exists(resultKey);
    }

    /** The result, or null when Redis does not have it. */
    public Uni<byte[]> get(String resultKey) {
        return values.getex(resultKey, refresh);
    }

    /** Deletes the result (erasure); a missing one is no error. */
    public Uni<Void> delete(String resultKey) {
        return keys.del(resultKey).replaceWithVoid();
    }
}
