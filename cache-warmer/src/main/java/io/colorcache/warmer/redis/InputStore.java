package io.colorcache.warmer.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.common.redis.UploadLifetimes;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** Original uploads, {@code cc:in:{sha256}}: read for their format, stored for preloads, kept alive for jobs. */
@ApplicationScoped
public class InputStore {

    private static final int HEAD_BYTES = 16;
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

    private final RedisDataSource redis;
    private final UploadLifetimes lifetimes;
    private final KeySchema keys;

    public InputStore(@RedisClientName(QueueRedis.NAME) RedisDataSource redis,
            UploadLifetimes lifetimes, KeySchema keys) {
        this.redis = redis;
        this.lifetimes = lifetimes;
        this.keys = keys;
    }

    /** The first bytes of a stored upload (enough to tell its format); empty when it is gone. */
    public Optional<byte[]> head(String sha256) {
        Response head = redis.execute("GETRANGE", keys.input(sha256), "0", Integer.toString(HEAD_BYTES - 1));
        byte[] bytes = head == null ? null : head.toBytes();
        return bytes == null || bytes.length == 0 ? Optional.empty() : Optional.of(bytes);
    }

    /** Makes a stored upload live at least {@code ttl}; false when it is gone. */
    public boolean extend(String sha256, Duration ttl) {
        return lifetimes.extend(sha256, ttl).await().atMost(REDIS_TIMEOUT);
    }

    /** Stores an image unless it is there, then makes it live at least {@code ttl}. */
    public void keepAtLeast(String sha256, byte[] image, Duration ttl) {
        lifetimes.keepAtLeast(sha256, image, ttl).await().atMost(REDIS_TIMEOUT);
    }
}
