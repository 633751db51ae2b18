package io.colorcache.inference.redis;

import io.colorcache.inference.near.NearColors;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** The near colours of computed photos ({@link KeySchema#nearColors}), in the cache's Redis beside the results. */
@ApplicationScoped
public class NearColorsStore {

    private final ValueCommands<String, byte[]> values;
    private final KeySchema keys;

    public NearColorsStore(RedisDataSource redis, KeySchema keys) {
        this.values = redis.value(byte[].class);
        this.keys = keys;
    }

    public void put(ModelRef model, String sha256, NearColors colors, Duration ttl) {
        values.set(keys.nearColors(model, sha256), colors.encode(), new SetArgs().px(ttl));
    }

    /** The photo's near colours; empty when gone, or when what is stored is not near colours. */
    public Optional<NearColors> get(ModelRef model, String sha256) {
        byte[] stored = values.get(keys.nearColors(model, sha256));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(NearColors.decode(stored));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
