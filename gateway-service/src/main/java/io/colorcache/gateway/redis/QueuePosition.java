package io.colorcache.gateway.redis;

import io.colorcache.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
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
    private final String group;

    public QueuePosition(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.group = config.workerGroup();
    }

    /** 1 for the next entry to be delivered; empty when the entry was already delivered or is unknown. */
    public Uni<OptionalLong> of(String stream, String entryId) {
        return redis.execute("XINFO", "GROUPS", stream)
                .onFailure().recoverWithNull()
                .chain(groups -> {
                    String cursor = lastDelivered(groups);
                    if (cursor != null && compare(entryId, cursor) <= 0) {
                        return Uni.createFrom().item(OptionalLong.empty());
                    }
                    String from = cursor == null ? "-" : "(" + cursor;
                    return redis.execute("XRANGE", stream, from, entryId, "COUNT", Integer.toString(CAP))
                            .map(range -> range == null || range.size() == 0
                                    ? OptionalLong.empty() : OptionalLong.of(range.size()));
                });
    }

    private String lastDelivered(Response groups) {
        if (groups == null) {
            return null;
        }
        for (Response info : groups) {
            String name = field(info, "name");
            if (group.equals(name)) {
                return field(info, "last-delivered-id");
            }
        }
        return null;
    }

    /** A field of an XINFO reply, whether Redis sent it as a map (RESP3) or as name/value pairs (RESP2). */
    private static String field(Response info, String name) {
        if (info.containsKey(name)) {
            Response value = info.get(name);
            return value == null ? null : value.toString();
        }
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if (name.equals(info.get(i).toString())) {
                return info.get(i + 1) == null ? null : info.get(i + 1).toString();
            }
        }
        return null;
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
