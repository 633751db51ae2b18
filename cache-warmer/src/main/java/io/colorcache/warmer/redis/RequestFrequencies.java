package io.colorcache.warmer.redis;

import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

/** Reads the per-day request counts {@code cc:freq:{yyyymmdd}} (sha256 to requests that day). */
@ApplicationScoped
public class RequestFrequencies {

    private final SortedSetCommands<String, String> sortedSets;
    private final KeySchema keys;

    public RequestFrequencies(RedisDataSource redis, KeySchema keys) {
        this.sortedSets = redis.sortedSet(String.class);
        this.keys = keys;
    }

    /** The {@code limit} most requested photos of one day, most requested first. */
    public List<ScoredValue<String>> top(LocalDate day, int limit) {
        return sortedSets.zrangeWithScores(keys.frequency(day), 0, limit - 1, new ZRangeArgs().rev());
    }
}
