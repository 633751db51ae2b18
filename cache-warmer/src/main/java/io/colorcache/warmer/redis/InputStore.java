package io.colorcache.warmer.redis;

import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.ExpireArgs;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** Original uploads, {@code cc:in:{sha256}}: read for their format, stored for preloads, kept alive for jobs. */
@ApplicationScoped
public class InputStore {

    private static final ExpireArgs ONLY_LONGER = new ExpireArgs().gt();
    private static final int HEAD_BYTES = 16;

    private final RedisDataSource redis;
    private final ValueCommands<String, byte[]> values;
    private final KeyCommands<String> keyCommands;
    private final KeySchema keys;

    public InputStore(RedisDataSource redis, KeySchema keys) {
        this.redis = redis;
        this.values = redis.value(byte[].class);
        this.keyCommands = redis.key();
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
        String key = keys.input(sha256);
        keyCommands.pexpire(key, ttl, ONLY_LONGER);
        return keyCommands.exists(key);
    }

    /** Stores an image unless it is there, then makes it live at least {@code ttl}. */
    public void keepAtLeast(String sha256, byte[] image, Duration ttl) {
        String key = keys.input(sha256);
        values.set(key, image, new SetArgs().nx().px(ttl));
        keyCommands.pexpire(key, ttl, ONLY_LONGER);
    }
}
