package io.colorcache.gateway.redis;

import io.colorcache.common.config.FrequencyConfig;
import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a request for a photo in today's {@code cc:freq:{yyyymmdd}} (UTC days, on the cache's
 * Redis), with how long its upload has left (on the queue's); reads its counts on the window's
 * earlier days only when asked.
 */
@ApplicationScoped
public class RequestFrequencies {

    private final Redis redis;
    private final Redis queue;
    private final KeySchema keys;
    private final int lookbackDays;
    private final Clock clock;

    public RequestFrequencies(ReactiveRedisDataSource dataSource,
            @RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource queue, KeySchema keys, FrequencyConfig config) {
        this.redis = dataSource.getRedis();
        this.queue = queue.getRedis();
        this.keys = keys;
        this.lookbackDays = config.lookbackDays();
        this.clock = Clock.systemUTC();
    }

    /**
     * What one request found.
     *
     * @param todayRequests  requests for the photo today, this one included
     * @param inputTtlMillis PTTL of its upload: -2 when not stored, -1 when stored without expiry
     */
    public record Demand(long todayRequests, long inputTtlMillis) {
    }

    /**
     * Counts the request (ZINCRBY, and EXPIREAT of the day's set at a time fixed by its date, so
     * every request sets the same one; one batch on one key) and reads the upload's PTTL at the
     * same time. The upload is another key, on another shard of a Redis Cluster.
     */
    public Uni<Demand> count(String sha256) {
        LocalDate today = LocalDate.now(clock);
        String todayKey = keys.frequency(today);
        Uni<Long> counted = redis.batch(List.of(
                        Request.cmd(Command.ZINCRBY).arg(todayKey).arg(1L).arg(sha256),
                        Request.cmd(Command.EXPIREAT).arg(todayKey).arg(expiry(today))))
                .map(replies -> count(replies.get(0)));
        Uni<Long> inputTtl = queue.send(Request.cmd(Command.PTTL).arg(keys.input(sha256))).map(Response::toLong);
        return Uni.combine().all().unis(counted, inputTtl).with(Demand::new);
    }

    /**
     * When a day's set goes: it counts on {@code lookbackDays} days from its own, and lives one
     * more day after leaving the window (UTC midnight, epoch seconds).
     */
    private long expiry(LocalDate day) {
        return day.plusDays(lookbackDays + 1L).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /**
     * Requests for the photo on the look-back window's earlier days (today's are in {@link Demand}):
     * one ZSCORE per day, sent together; each day's set may be on its own cluster shard.
     */
    public Uni<Long> earlierDays(String sha256) {
        if (lookbackDays <= 1) {
            return Uni.createFrom().item(0L);
        }
        LocalDate today = LocalDate.now(clock);
        List<Uni<Long>> days = new ArrayList<>(lookbackDays - 1);
        for (int d = 1; d < lookbackDays; d++) {
            days.add(redis.send(Request.cmd(Command.ZSCORE).arg(keys.frequency(today.minusDays(d))).arg(sha256))
                    .map(RequestFrequencies::count));
        }
        return Uni.join().all(days).andFailFast().map(counts -> counts.stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Forgets the photo's requests on every day still kept (erasure): one ZREM per day's set, each
     * possibly on its own cluster shard.
     */
    public Uni<Void> forget(String sha256) {
        LocalDate today = LocalDate.now(clock);
        List<Uni<Response>> days = new ArrayList<>(lookbackDays + 1);
        for (int d = 0; d <= lookbackDays; d++) {
            days.add(redis.send(Request.cmd(Command.ZREM).arg(keys.frequency(today.minusDays(d))).arg(sha256)));
        }
        return Uni.join().all(days).andFailFast().replaceWithVoid();
    }

    private static long count(Response score) {
        return score == null ? 0 : Math.round(score.toDouble());
    }
}
