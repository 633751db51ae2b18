package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Per-tenant limits shared by every gateway, each one key and one Lua call on the queue's Redis
 * (which never evicts, so a limit cannot be reset by memory pressure): the request rate as GCRA
 * ({@code cc:rate:{tenant}}, the theoretical arrival time in Redis' own clock), and the
 * computations started per UTC day ({@code cc:gpu:{tenant}:{yyyymmdd}}), and the bytes of uploads
 * being received ({@code cc:upl:{tenant}}).
 */
@ApplicationScoped
public class TenantQuotas {

    /**
     * GCRA. ARGV: emission interval (ms, 1000 / rate), burst. Returns {allowed 1/0, retry-after ms,
     * requests left in the burst, ms until the burst is whole again}.
     */
    static final String RATE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local interval = tonumber(ARGV[1])
            local tolerance = interval * tonumber(ARGV[2])
            local tat = tonumber(redis.call('GET', KEYS[1])) or now
            if tat < now then tat = now end
            if tat - now > tolerance then
              return {0, tat - now - tolerance, 0, tat - now}
            end
            local next = tat + interval
            redis.call('SET', KEYS[1], next, 'PX', next - now + 1000)
            return {1, 0, math.floor((tolerance - (next - now - interval)) / interval), next - now}
            """;

    /** ARGV: limit, EXPIREAT. Returns the computations left after this one, or -1 when none was left. */
    static final String COMPUTATION = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('EXPIREAT', KEYS[1], ARGV[2]) end
            if n > tonumber(ARGV[1]) then
              redis.call('DECR', KEYS[1])
              return -1
            end
            return tonumber(ARGV[1]) - n
            """;

    /**
     * ARGV: reservation ({@code id:bytes}), bytes, limit, now, lapses-at (ms). Drops lapsed
     * reservations, then reserves when the sum stays within the limit. Returns the bytes left
     * after it, or -1 - (bytes in flight) when it would not fit.
     */
    static final String UPLOAD_BYTES = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
            local used = 0
            for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              used = used + tonumber(string.match(member, ':(%d+)$'))
            end
            if used + tonumber(ARGV[2]) > tonumber(ARGV[3]) then return -1 - used end
            redis.call('ZADD', KEYS[1], ARGV[5], ARGV[1])
            redis.call('PEXPIREAT', KEYS[1], ARGV[5])
            return tonumber(ARGV[3]) - used - tonumber(ARGV[2])
            """;

    private final ReactiveRedisDataSource redis;
    private final KeySchema keys;
    private final Clock clock = Clock.systemUTC();

    public TenantQuotas(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * What the rate limit says of one more request.
     *
     * @param allowed        whether it may go on
     * @param retryAfterMillis when it was refused, how long until one more would be allowed
     * @param remaining      requests left in the burst after this one
     * @param resetMillis    how long until the burst is whole again
     */
    public record RateDecision(boolean allowed, long retryAfterMillis, long remaining, long resetMillis) {
    }

    public Uni<RateDecision> admit(String tenant, double requestsPerSecond, int burst) {
        long interval = Math.max(1, Math.round(1000 / requestsPerSecond));
        return redis.execute("EVAL", RATE, "1", keys.requestRate(tenant), Long.toString(interval),
                        Integer.toString(burst))
                .map(reply -> new RateDecision(reply.get(0).toLong() == 1, reply.get(1).toLong(),
                        reply.get(2).toLong(), reply.get(3).toLong()));
    }

    /** Counts one more computation for today (UTC); the computations left, or -1 when the day's were all used. */
    public Uni<Long> startComputation(String tenant, long perDay) {
        LocalDate today = LocalDate.now(clock);
        long endOfDay = today.plusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return redis.execute("EVAL", COMPUTATION, "1", keys.computations(tenant, today), Long.toString(perDay),
                Long.toString(endOfDay)).map(reply -> reply.toLong());
    }

    /**
     * Reserves {@code bytes} of the tenant's uploads in flight until {@code lapseMillis} from now
     * (or its {@link #releaseUploadBytes release}); the bytes left, or -1 - (bytes in flight) when
     * they would exceed {@code limit}.
     */
    public Uni<Long> reserveUploadBytes(String tenant, String reservation, long bytes, long limit, long lapseMillis) {
        long now = System.currentTimeMillis();
        return redis.execute("EVAL", UPLOAD_BYTES, "1", keys.uploadsInFlight(tenant), reservation + ":" + bytes,
                Long.toString(bytes), Long.toString(limit), Long.toString(now), Long.toString(now + lapseMillis))
                .map(reply -> reply.toLong());
    }

    public Uni<Void> releaseUploadBytes(String tenant, String reservation, long bytes) {
        return redis.execute("ZREM", keys.uploadsInFlight(tenant), reservation + ":" + bytes).replaceWithVoid();
    }

    /** Seconds until the next UTC day, when a tenant's computations count from zero again. */
    public long secondsUntilTomorrow() {
        return LocalDate.now(clock).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
                - clock.instant().getEpochSecond();
    }
}
