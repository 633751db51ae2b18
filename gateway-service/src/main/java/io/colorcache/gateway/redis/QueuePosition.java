package io.colorcache.gateway.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.common.redis.ConsumerGroupInfo;
import io.colorcache.common.redis.QueueRedis;
import io.colorcache.common.redis.StreamGroups;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How many entries wait before a queued job: those after the workers' group cursor
 * (XINFO GROUPS last-delivered-id) up to the job's own entry, counted up to a cap.
 */
@ApplicationScoped
public class QueuePosition {

    /** Positions beyond this are reported as this; counting them costs time for no use. */
    public static final int CAP = 1000;

    private final ReactiveRedisDataSource redis;
    private final StreamGroups groups;
    private final String group;

    public QueuePosition(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            StreamGroups groups, JobsConfig config) {
        this.redis = redis;
        this.groups = groups;
        this.group = config.group();
    }

    /** 1 for the next entry to be delivered; empty when the entry was already delivered or is unknown. */
    public Uni<OptionalLong> of(String stream, String entryId) {
        return groups.group(stream, group)
                .onFailure().recoverWithItem(Optional.empty())
                .chain(info -> {
                    String cursor = info.flatMap(ConsumerGroupInfo::lastDeliveredId).orElse(null);
                    if (cursor != null && compare(entryId, cursor) <= 0) {
                        return Uni.createFrom().item(OptionalLong.empty());
                    }
                    String from = cursor == null ? "-" : "(" + cursor;
                    return redis.execute("XRANGE", stream, from, entryId, "COUNT", Integer.toString(CAP))
                            .map(range -> range == null || range.size() == 0
                                    ? OptionalLong.empty() : OptionalLong.of(range.size()));
                });
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
