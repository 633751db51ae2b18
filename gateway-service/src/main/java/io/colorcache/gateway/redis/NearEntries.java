package io.colorcache.gateway.redis;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.NearIndexEntry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * A photo's near-duplicate data as an erasure removes it: its near colours (signature, thumbnail
 * and ab) and its members of the index's band sets, found through the hash the colours record.
 * One key per command, so it works on a Redis Cluster.
 */
@ApplicationScoped
public class NearEntries {

    private final ReactiveValueCommands<String, byte[]> values;
    private final ReactiveSortedSetCommands<String, String> sets;
    private final ReactiveKeyCommands<String> keyCommands;
    private final KeySchema keys;

    public NearEntries(ReactiveRedisDataSource redis, KeySchema keys) {
        this.values = redis.value(byte[].class);
        this.sets = redis.sortedSet(String.class);
        this.keyCommands = redis.key();
        this.keys = keys;
    }

    /** Removes the photo's near data of {@code model}; none is no error. */
    public Uni<Void> delete(ModelRef model, String sha256) {
        String coloursKey = keys.nearColors(model, sha256);
        return values.get(coloursKey).chain(stored -> {
            List<Uni<Void>> removals = new ArrayList<>();
            NearIndexEntry.hashOfColours(stored).ifPresent(hash -> {
                NearIndexEntry entry = new NearIndexEntry(hash, sha256);
                for (String band : entry.bandKeys(keys, model)) {
                    removals.add(sets.zrem(band, entry.member()).replaceWithVoid());
                }
            });
            removals.add(keyCommands.del(coloursKey).replaceWithVoid());
            return Uni.join().all(removals).andFailFast().replaceWithVoid();
        });
    }
}
