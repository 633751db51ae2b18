package io.colorcache.gateway.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.common.redis.PhotoJobs;
import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.OutputFormat;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The job records {@code cc:job:{id}} as the gateway reads and, for cache hits, writes them. */
@ApplicationScoped
public class JobStates {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keyCommands;
    private final KeySchema keys;
    private final JobsConfig config;
    private final PhotoJobs photoJobs;

    public JobStates(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            KeySchema keys, JobsConfig config, PhotoJobs photoJobs) {
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.keys = keys;
        this.config = config;
        this.photoJobs = photoJobs;
    }

    /** A job's failure as its record says, if it failed. */
    public Uni<Optional<Failure>> failure(String jobId) {
        return record(jobId).map(found -> found.filter(job -> job.state() == JobState.FAILED)
                .map(job -> new Failure(job.failureCode(), job.error() == null ? "" : job.error())));
    }

    /** A job's record; empty when the job is unknown or expired. */
    public Uni<Optional<JobRecord>> record(String jobId) {
        return hashes.hgetall(keys.job(jobId)).map(JobRecord::parse);
    }

    /** Records a job answered from the cache, so the job API serves it like any other. */
    public Uni<Void> recordDone(String jobId, String resultKey, String sha256, OutputFormat format) {
        String key = keys.job(jobId);
        Uni<Boolean> record = hashes.hset(key, JobRecord.doneFromCache(resultKey, sha256, format,
                System.currentTimeMillis())).chain(() -> keyCommands.pexpire(key, config.ttl()));
        return Uni.combine().all().unis(record, photoJobs.add(sha256, jobId)).discardItems();
    }

    /** Why a job failed. */
    public record Failure(FailureCode code, String detail) {
    }
}
