package io.colorcache.inference.redis;

import io.colorcache.inference.near.HashBands;
import io.colorcache.inference.near.PerceptualSignature;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.NearIndexEntry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The perceptual-hash index of computed photos, in the cache's Redis: one sorted set per band
 * value ({@link KeySchema#nearBand}), each member a {@link NearIndexEntry} scored with when it
 * expires. A lookup reads the probed band values' live members, all at once, and keeps the photos
 * within the radius; every command names one key, so the index works on a Redis Cluster.
 * Blocking; the worker's own threads call it.
 */
@ApplicationScoped
public class NearIndex {

    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

    private final ReactiveSortedSetCommands<String, String> sets;
    private final ReactiveKeyCommands<String> keyCommands;
    private final KeySchema keys;

    public NearIndex(ReactiveRedisDataSource redis, KeySchema keys) {
        this.sets = redis.sortedSet(String.class);
        this.keyCommands = redis.key();
        this.keys = keys;
    }

    /** A photo found near the one looked up. */
    public record Candidate(String sha256, long hash, int distance) {
    }

    /** Indexes the photo until {@code ttl} from now, dropping the band's expired members on the way. */
    public void add(ModelRef model, String sha256, long hash, Duration ttl) {
        long now = System.currentTimeMillis();
        NearIndexEntry entry = new NearIndexEntry(hash, sha256);
        String member = entry.member();
        List<Uni<Boolean>> writes = new ArrayList<>();
        for (String key : entry.bandKeys(keys, model)) {
            writes.add(sets.zadd(key, now + ttl.toMillis(), member)
                    .chain(() -> sets.zremrangebyscore(key, new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) now)))
                    .chain(() -> keyCommands.pexpire(key, ttl)));
        }
        Uni.join().all(writes).andFailFast().await().atMost(REDIS_TIMEOUT);
    }

    /** The live photos within {@code radius} bits of {@code hash}, nearest first, at most {@code limit}. */
    public List<Candidate> candidates(ModelRef model, long hash, int radius, int limit) {
        double now = System.currentTimeMillis();
        List<Uni<List<String>>> reads = new ArrayList<>();
        for (HashBands.Probe probe : HashBands.probes(hash, radius)) {
            reads.add(sets.zrangebyscore(keys.nearBand(model, probe.band(), probe.value()),
                    new ScoreRange<>(now, Double.POSITIVE_INFINITY)));
        }
        List<List<String>> found = Uni.join().all(reads).andFailFast().await().atMost(REDIS_TIMEOUT);
        Map<String, Candidate> within = new LinkedHashMap<>();
        for (List<String> members : found) {
            for (String member : members) {
                NearIndexEntry other = NearIndexEntry.parse(member);
                int distance = PerceptualSignature.distance(hash, other.hash());
                if (distance <= radius) {
                    within.putIfAbsent(other.sha256(), new Candidate(other.sha256(), other.hash(), distance));
                }
            }
        }
        return within.values().stream().sorted(Comparator.comparingInt(Candidate::distance)).limit(limit).toList();
    }
}
