package io.colorcache.gateway.redis;

import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ExpireArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Original uploads, {@code cc:in:{sha256}}. Content-addressed, so an upload is written once and
 * its lifetime only ever lengthened here: a queued job never shortens a retained upload.
 */
@ApplicationScoped
public class InputStore {

    private static final ExpireArgs ONLY_LONGER = new ExpireArgs().gt();

    private final ReactiveValueCommands<String, byte[]> values;
    private final ReactiveKeyCommands<String> keyCommands;
    private final KeySchema keys;

    public InputStore(ReactiveRedisDataSource redis, KeySchema keys) {
        this.values = redis.value(byte[].class);
        this.keyCommands = redis.key();
        this.keys = keys;
    }

    /** Stores the upload unless it is there, then makes it live at least {@code ttl}. */
    public Uni<Void> keepAtLeast(String sha256, byte[] upload, Duration ttl) {
        String key = keys.input(sha256);
        return values.set(key, upload, new SetArgs().nx().px(ttl))
                .chain(() -> keyCommands.pexpire(key, ttl, ONLY_LONGER))
                .replaceWithVoid();
    }

    /** Makes a stored upload live at least {@code ttl}; nothing when it is gone. */
    public Uni<Void> extend(String sha256, Duration ttl) {
        return keyCommands.pexpire(keys.input(sha256), ttl, ONLY_LONGER).replaceWithVoid();
    }
}
