package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which tenants hold a photo: {@code cc:holders:{sha256}}, a sorted set of tenant ids scored with
 * when each one's hold ends (ms). An upload holds the photo for its tenant; a tenant may fetch
 * results by hash only while it holds the photo, and erasure ends its hold. One key per photo,
 * on the queue's Redis (which never evicts), so every call here is one command or one script.
 */
@ApplicationScoped
public class PhotoHolders {

    /**
     * ARGV: tenant, hold-until, now (ms). Drops ended holds, holds the photo for the tenant, lets
     * the key live as long as its longest hold. Returns 1 when the tenant held it already.
     */
    static final String HOLD = """
            local before = redis.call('ZSCORE', KEYS[1], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', KEYS[1], last[2])
            if before and tonumber(before) >= tonumber(ARGV[3]) then return 1 end
            return 0
            """;

    /**
     * ARGV: tenant, now (ms). Returns -1 when the tenant holds no hold; 0 when it holds the last
     * one, which stays until {@link #forget} (so an erasure that fails half-way can be retried);
     * else ends its hold and returns how many others remain.
     */
    static final String RELEASE = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
            if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
            local holders = redis.call('ZCARD', KEYS[1])
            if holders == 1 then return 0 end
            redis.call('ZREM', KEYS[1], ARGV[1])
            return holders - 1
            """;

    private final ReactiveRedisDataSource redis;
    private final KeySchema keys;

    public PhotoHolders(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Holds the photo for the tenant until {@code untilMillis}; whether the tenant held it already. */
    public Uni<Boolean> hold(String sha256, String tenant, long untilMillis) {
        return redis.execute("EVAL", HOLD, "1", keys.holders(sha256), tenant, Long.toString(untilMillis),
                Long.toString(System.currentTimeMillis())).map(reply -> reply.toLong() == 1);
    }

    /** When the tenant's hold on the photo ends (ms); 0 when it has none. */
    public Uni<Long> heldUntil(String sha256, String tenant) {
        return redis.execute("ZSCORE", keys.holders(sha256), tenant)
                .map(score -> score == null ? 0L : score.toDouble().longValue());
    }

    /**
     * Ends the tenant's hold unless it is the last: -1 when the tenant did not hold the photo, 0
     * when its hold is the last one (then erase the photo and {@link #forget} it), else how many
     * other tenants still hold it.
     */
    public Uni<Long> release(String sha256, String tenant) {
        return redis.execute("EVAL", RELEASE, "1", keys.holders(sha256), tenant,
                Long.toString(System.currentTimeMillis())).map(reply -> reply.toLong());
    }

    /** Drops every hold on the photo: the last step of its erasure. */
    public Uni<Void> forget(String sha256) {
        return redis.execute("DEL", keys.holders(sha256)).replaceWithVoid();
    }
}
