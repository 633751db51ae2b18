package io.colorcache.common.redis;

import io.colorcache.common.config.InputsConfig;
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
 * upload. Never, though, past {@code retain.max-age} after it was first stored
 * ({@code cc:in:{sha256}:first}, set once). Each call is two one-key scripts: the first-stored
 * time, then {@link RedisScripts#KEEP_AT_LEAST} with the lifetime capped by it.
 */
@ApplicationScoped
public class UploadLifetimes {

    /** Sets the first-stored time unless set (PX max-age) and returns it. */
    static final String FIRST_STORED = """
            redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
            return tonumber(redis.call('GET', KEYS[1]))
            """;

    private final Redis redis;
    private final KeySchema keys;
    private final long maxAgeMillis;

    public UploadLifetimes(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource dataSource, KeySchema keys,
            InputsConfig inputs) {
        this.redis = dataSource.getRedis();
        this.keys = keys;
        this.maxAgeMillis = inputs.retain().maxAge().toMillis();
    }

    /** Stores the upload unless it is there, then makes it live at least {@code ttl} (within max-age). */
    public Uni<Void> keepAtLeast(String sha256, byte[] upload, Duration ttl) {
        return capped(sha256, ttl).chain(millis -> millis <= 0 ? Uni.createFrom().voidItem()
                : redis.send(script(sha256, millis).arg(upload)).replaceWithVoid());
    }

    /** Makes a stored upload live at least {@code ttl} (within max-age); false when it is gone or too old. */
    public Uni<Boolean> extend(String sha256, Duration ttl) {
        return capped(sha256, ttl).chain(millis -> millis <= 0 ? Uni.createFrom().item(false)
                : redis.send(script(sha256, millis)).map(reply -> reply != null && reply.toInteger() == 1));
    }

    /** Deletes the upload and its first-stored time (erasure): two one-key commands. */
    public Uni<Void> delete(String sha256) {
        return Uni.join().all(
                        redis.send(Request.cmd(Command.DEL).arg(keys.input(sha256))),
                        redis.send(Request.cmd(Command.DEL).arg(keys.inputFirstStored(sha256))))
                .andFailFast().replaceWithVoid();
    }

    /** {@code ttl}, cut to what is left of max-age since the upload was first stored (0 or less: nothing). */
    private Uni<Long> capped(String sha256, Duration ttl) {
        long now = System.currentTimeMillis();
        return redis.send(Request.cmd(Command.EVAL).arg(FIRST_STORED).arg(1).arg(keys.inputFirstStored(sha256))
                        .arg(now).arg(maxAgeMillis))
                .map(firstStored -> Math.min(ttl.toMillis(), firstStored.toLong() + maxAgeMillis - now));
    }

    private Request script(String sha256, long ttlMillis) {
        return Request.cmd(Command.EVAL).arg(RedisScripts.KEEP_AT_LEAST).arg(1).arg(keys.input(sha256)).arg(ttlMillis);
    }
}
