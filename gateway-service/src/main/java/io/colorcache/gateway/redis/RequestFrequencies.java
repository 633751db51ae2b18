package io.colorcache.gateway.redis;

import io.colorcache.gateway.config.FrequencyConfig;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a request for a photo in today's {@code cc:freq:{yyyymmdd}} (UTC days) and reads, in
 * the same pipelined batch, its counts on the other days of the look-back window and how long
 * its upload has left in Redis.
 */
@ApplicationScoped
public class RequestFrequencies {

    private final Redis redis;
    private final KeySchema keys;
    private final int lookbackDays;
    private final String dayTtlSeconds;
    private final Clock clock;

    public RequestFrequencies(ReactiveRedisDataSource dataSource, KeySchema keys, FrequencyConfig config) {
        this.redis = dataSource.getRedis();
        this.keys = keys;
        this.lookbackDays = config.lookbackDays();
        // A day's set lives through the whole window it belongs to, plus a day of slack.
        this.dayTtlSeconds = Long.toString(Duration.ofDays(lookbackDays + 1L).toSeconds());
        this.clock = Clock.systemUTC();
    }

    /**
     * What one request found.
     *
     * @param windowRequests   requests for the photo over the look-back window, this one included
     * @param inputTtlMillis   PTTL of its upload: -2 when not stored, -1 when stored without expiry
     */
    public record Demand(long windowRequests, long inputTtlMillis) {
    }

    public Uni<Demand> count(String sha256) {
        LocalDate today = LocalDate.now(clock);
        String todayKey = keys.frequency(today);
        List<Request> batch = new ArrayList<>(lookbackDays + 2);
        batch.add(Request.cmd(Command.ZINCRBY).arg(todayKey).arg(1L).arg(sha256));
        batch.add(Request.cmd(Command.EXPIRE).arg(todayKey).arg(dayTtlSeconds).arg("NX"));
        for (int d = 1; d < lookbackDays; d++) {
            batch.add(Request.cmd(Command.ZSCORE).arg(keys.frequency(today.minusDays(d))).arg(sha256));
        }
        batch.add(Request.cmd(Command.PTTL).arg(keys.input(sha256)));
        return redis.batch(batch).map(replies -> {
            long window = count(replies.get(0));
            for (int i = 2; i < replies.size() - 1; i++) {
                window += count(replies.get(i));
            }
            return new Demand(window, replies.get(replies.size() - 1).toLong());
        });
    }

    private static long count(Response score) {
        return score == null ? 0 : Math.round(score.toDouble());
    }
}
