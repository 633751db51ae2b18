package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * One callback per tenant and job, across gateways: a submission claims {@code cc:cb:{tenant}:{jobId}}
 * (SET NX PX) before it watches; a repeat finds it taken and sends nothing more.
 */
@ApplicationScoped
public class CallbackClaims {

    private final ReactiveRedisDataSource redis;
    private final KeySchema keys;

    public CallbackClaims(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Whether this call took the claim (false: another submission's callback covers it). */
    public Uni<Boolean> claim(String tenant, String jobId, Duration lifetime) {
        return redis.execute("SET", keys.callbackClaim(tenant, jobId), "1", "NX", "PX",
                Long.toString(lifetime.toMillis())).map(reply -> reply != null);
    }
}
