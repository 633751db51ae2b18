package io.colorcache.gateway.redis;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.RedisScripts;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Original uploads, {@code cc:in:{sha256}}. Content-addressed, so an upload is written once and
 * its lifetime only ever lengthened here: a queued job never shortens a retained upload.
 */
@ApplicationScoped
public class InputStore {

    private final Redis redis;
    private final KeySchema keys;

    public InputStore(ReactiveRedisDataSource dataSource, KeySchema keys) {
        this.redis = dataSource.getRedis();
        this.keys = keys;
    }

    /** Stores the upload unless it is there, then makes it live at least {@code ttl}: one script. */
    public Uni<Void> keepAtLeast(String sha256, byte[] upload, Duration ttl) {
        return redis.send(keepAtLeast(sha256, ttl).arg(upload)).replaceWithVoid();
    }

    /** Makes a stored upload live at least {@code ttl}; nothing when it is gone. */
    public Uni<Void> extend(String sha256, Duration ttl) {
        return redis.send(keepAtLeast(sha256, ttl)).replaceWithVoid();
    }

    private Request keepAtLeast(String sha256, Duration ttl) {
        return Request.cmd(Command.EVAL).arg(RedisScripts.KEEP_AT_LEAST).arg(1).arg(keys.input(sha256))
                .arg(ttl.toMillis());
    }
}
