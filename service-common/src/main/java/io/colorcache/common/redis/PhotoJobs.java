package io.colorcache.common.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The jobs that name a photo ({@code cc:photo-jobs:{sha256}}, a set of job ids on the queue's
 * Redis), so that erasing the photo also erases what its jobs left: their records and their
 * entries on the job streams and the dead-letter stream. Every job record is added here when it
 * is made, by the gateway and the warmer alike; the set lives as long as the newest record.
 */
@ApplicationScoped
public class PhotoJobs {

    private final ReactiveSetCommands<String, String> sets;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final ReactiveKeyCommands<String> keyCommands;
    private final KeySchema keys;
    private final Duration jobTtl;
    /** The streams a job record may name: a record's stream field is not trusted to name any key. */
    private final Set<String> jobStreams;

    public PhotoJobs(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys,
            JobsConfig config) {
        this.sets = redis.set(String.class);
        this.hashes = redis.hash(String.class);
        this.streams = redis.stream(String.class);
        this.keyCommands = redis.key();
        this.keys = keys;
        this.jobTtl = config.ttl();
        this.jobStreams = Set.of(keys.jobsStream(), keys.warmJobsStream(), keys.deadLetterStream());
    }

    /** Adds a job of the photo; its record lives {@code colorcache.jobs.ttl}, and so does the set from now. */
    public Uni<Void> add(String sha256, String jobId) {
        String index = keys.photoJobs(sha256);
        return sets.sadd(index, jobId).chain(() -> keyCommands.pexpire(index, jobTtl)).replaceWithVoid();
    }

    /**
     * Erases the records and stream entries of the photo's jobs that have ended. A job still queued
     * or running is left alone, with its record and entry, to end as it would (it finds its upload
     * gone); the set then keeps its id, for the next erasure.
     */
    public Uni<Void> eraseEnded(String sha256) {
        String index = keys.photoJobs(sha256);
        return sets.smembers(index)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> eraseIfEnded(index, id))
                .collect().asList()
                .chain(erased -> erased.contains(false) ? Uni.createFrom().voidItem()
                        : keyCommands.del(index).replaceWithVoid());
    }

    private Uni<Boolean> eraseIfEnded(String index, String jobId) {
        String jobKey = keys.job(jobId);
        return hashes.hmget(jobKey, JobRecord.STATE, JobRecord.STREAM, JobRecord.ENTRY, JobRecord.DEAD_ENTRY)
                .chain(record -> {
                    String state = record.get(JobRecord.STATE);
                    boolean ended = state == null || JobState.fromToken(state).map(JobState::isFinal).orElse(true);
                    if (!ended) {
                        return Uni.createFrom().item(false);
                    }
                    List<Uni<Void>> deletions = new ArrayList<>();
                    deleteEntry(deletions, record.get(JobRecord.STREAM), record.get(JobRecord.ENTRY));
                    deleteEntry(deletions, keys.deadLetterStream(), record.get(JobRecord.DEAD_ENTRY));
                    deletions.add(keyCommands.del(jobKey).replaceWithVoid());
                    return Uni.join().all(deletions).andFailFast()
                            .chain(() -> sets.srem(index, jobId)).replaceWith(true);
                });
    }

    private void deleteEntry(List<Uni<Void>> deletions, String stream, String entryId) {
        if (stream != null && entryId != null && jobStreams.contains(stream)) {
            deletions.add(streams.xdel(stream, entryId).replaceWithVoid());
        }
    }
}
