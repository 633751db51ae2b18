package io.colorcache.gateway.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.common.redis.ConsumerGroupInfo;
import io.colorcache.common.redis.QueueRedis;
import io.colorcache.common.redis.StreamGroups;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many entries wait before a queued job: those after the workers' group cursor
 * (XINFO GROUPS last-delivered-id) up to the job's own entry, counted up to a cap. The cursor and
 * the ids of the first {@link #CAP} waiting entries are read once per stream per
 * {@link #REFRESH} and shared by every job view and event stream of this gateway, so the Redis
 * work of positions does not grow with the number of clients asking.
 */
@ApplicationScoped
public class QueuePosition {

    /** Positions beyond this are reported as this; counting them costs time for no use. */
    public static final int CAP = 1000;

    /** How long one look at a stream serves every position asked for. */
    static final Duration REFRESH = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final StreamGroups groups;
    private final String group;
    private final Map<String, Uni<Waiting>> snapshots = new ConcurrentHashMap<>();

    public QueuePosition(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            StreamGroups groups, JobsConfig config) {
        this.redis = redis;
        this.groups = groups;
        this.group = config.group();
    }

    /** The workers' cursor (null: none yet) and the ids of the entries after it, oldest first. */
    private record Waiting(String cursor, List<String> ids) {
    }

    /** 1 for the next entry to be delivered; empty when the entry was already delivered or is unknown. */
    public Uni<OptionalLong> of(String stream, String entryId) {
        return snapshots.computeIfAbsent(stream, s -> look(s).memoize().forFixedDuration(REFRESH))
                .map(waiting -> position(waiting, entryId));
    }

    private Uni<Waiting> look(String stream) {
        return groups.group(stream, group)
                .onFailure().recoverWithItem(Optional.empty())
                .chain(info -> {
                    String cursor = info.flatMap(ConsumerGroupInfo::lastDeliveredId).orElse(null);
                    return redis.execute("XRANGE", stream, cursor == null ? "-" : "(" + cursor, "+",
                                    "COUNT", Integer.toString(CAP))
                            .map(range -> new Waiting(cursor, ids(range)));
                });
    }

    private static List<String> ids(Response range) {
        if (range == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(range.size());
        for (Response entry : range) {
            ids.add(entry.get(0).toString());
        }
        return ids;
    }

    private static OptionalLong position(Waiting waiting, String entryId) {
        if (waiting.cursor() != null && compare(entryId, waiting.cursor()) <= 0) {
            return OptionalLong.empty();
        }
        int found = Collections.binarySearch(waiting.ids(), entryId, QueuePosition::compare);
        // Not in the look: behind all of it (or added since), so after every entry it holds.
        int before = found >= 0 ? found : -found - 1;
        return OptionalLong.of(Math.min(CAP, before + 1L));
    }

    /** Orders stream ids "ms-seq". */
    static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byTime = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(x.length > 1 ? x[1] : "0"),
                Long.parseLong(y.length > 1 ? y[1] : "0"));
    }
}
