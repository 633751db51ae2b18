package io.colorcache.warmer.redis;

import io.colorcache.protocol.KeySchema;
import io.colorcache.warmer.config.WarmerConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How many interactive jobs wait undelivered for the workers: the consumer group's {@code lag}
 * from XINFO GROUPS, or, when Redis cannot tell it (after deletions), the entries after the
 * group's cursor counted up to a cap.
 */
@ApplicationScoped
public class InteractiveLag {

    private final RedisDataSource redis;
    private final String stream;
    private final String group;

    public InteractiveLag(RedisDataSource redis, KeySchema keys, WarmerConfig config) {
        this.redis = redis;
        this.stream = keys.jobsStream();
        this.group = config.workerGroup();
    }

    /** The lag, counted up to {@code cap} when Redis does not know it. */
    public long current(long cap) {
        if (!redis.key().exists(stream)) {
            return 0;
        }
        Response groups = redis.execute("XINFO", "GROUPS", stream);
        for (Response info : groups) {
            if (!group.equals(field(info, "name"))) {
                continue;
            }
            Response lag = value(info, "lag");
            if (lag != null) {
                return lag.toLong();
            }
            return countAfter(field(info, "last-delivered-id"), cap);
        }
        // No worker has joined yet: everything on the stream waits.
        return redis.stream(String.class).xlen(stream);
    }

    private long countAfter(String cursor, long cap) {
        Response range = redis.execute("XRANGE", stream, "(" + cursor, "+", "COUNT", Long.toString(cap));
        return range == null ? 0 : range.size();
    }

    private static String field(Response info, String name) {
        Response value = value(info, name);
        return value == null ? null : value.toString();
    }

    /** A field of an XINFO reply, whether Redis sent it as a map (RESP3) or as name/value pairs (RESP2). */
    private static Response value(Response info, String name) {
        if (info.containsKey(name)) {
            return info.get(name);
        }
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if (name.equals(info.get(i).toString())) {
                return info.get(i + 1);
            }
        }
        return null;
    }
}
