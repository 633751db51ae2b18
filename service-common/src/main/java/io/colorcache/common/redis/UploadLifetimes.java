package io.colorcache.common.redis;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.RedisScripts;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Original uploads, {@code cc:in:{sha256}}, kept alive. Content-addressed, so an upload is
 * written once and its lifetime only ever lengthened: a queued job never shortens a retained
 * upload. Each call is one script ({@link RedisScripts#KEEP_AT_LEAST}) on one key.
 */
@ApplicationScoped
public class UploadLifetimes {

    private final Redis redis;
    private final KeySchema keys;

    public UploadLifetimes(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource dataSource, KeySchema keys) {
        this.redis = dataSource.getRedis();
        this.keys = keys;
    }

    /** Stores the upload unless it is there, then makes it live at least {@code ttl}. */
    public Uni<Void> keepAtLeast(String sha256, byte[] upload, Duration ttl) {
        return redis.send(script(sha256, ttl).arg(upload)).replaceWithVoid();
    }

    /** Makes a stored upload live at least {@code ttl}; false when it is gone. */
    public Uni<Boolean> extend(String sha256, Duration ttl) {
        return redis.send(script(sha256, ttl)).map(reply -> reply != null && reply.toInteger() == 1);
    }

    private Request script(String sha256, Duration ttl) {
        return Request.cmd(Command.EVAL).arg(RedisScripts.KEEP_AT_LEAST).arg(1).arg(keys.input(sha256))
                .arg(ttl.toMillis());
    }
}
