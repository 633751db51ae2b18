package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.RedisScripts;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The cross-replica single-flight lock {@code cc:lock:{resultKey}} holding the id of the one
 * job computing that result. Taken with {@code SET NX PX}; the worker releases it.
 */
@ApplicationScoped
public class SingleFlightLock {

    private final ReactiveRedisDataSource redis;
    private final KeySchema keys;
    private final String ttlMillis;

    public SingleFlightLock(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            KeySchema keys, GatewayConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.ttlMillis = Long.toString(config.lockTtl().toMillis());
    }

    /** True when this caller now owns the computation of {@code resultKey} under {@code jobId}. */
    public Uni<Boolean> tryAcquire(String resultKey, String jobId) {
        return redis.execute("SET", keys.lock(resultKey), jobId, "NX", "PX", ttlMillis)
                .map(response -> response != null && "OK".equals(response.toString()));
    }

    /** Gives the lock up if {@code jobId} still holds it (its job could not be enqueued). */
    public Uni<Void> release(String resultKey, String jobId) {
        return redis.execute("EVAL", RedisScripts.RELEASE_IF_OWNER, "1", keys.lock(resultKey), jobId).replaceWithVoid();
    }

    /** How long ago the lock was taken, from its remaining time to live; -1 when there is none. */
    public Uni<Long> ageMillis(String resultKey) {
        return redis.execute("PTTL", keys.lock(resultKey)).map(response -> {
            long left = response == null ? -2 : response.toLong();
            return left < 0 ? -1L : Long.parseLong(ttlMillis) - left;
        });
    }

    /** The job id holding the lock, or null when nobody does. */
    public Uni<String> holder(String resultKey) {
        return redis.execute("GET", keys.lock(resultKey)).map(response -> response == null ? null : response.toString());
    }
}
