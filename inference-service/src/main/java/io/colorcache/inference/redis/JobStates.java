package io.colorcache.inference.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/** The job state hashes {@code cc:job:{id}} as the worker moves a job along. */
@ApplicationScoped
public class JobStates {

    private final HashCommands<String, String, String> hashes;
    private final KeyCommands<String> keyCommands;
    private final KeySchema keys;
    private final Duration ttl;

    public JobStates(@RedisClientName(QueueRedis.NAME) RedisDataSource redis, KeySchema keys, JobsConfig config) {
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.keys = keys;
        this.ttl = config.ttl();
    }

    public void running(String jobId, String consumer) {
        String key = keys.job(jobId);
        hashes.hset(key, JobRecord.running(consumer, System.currentTimeMillis()));
        hashes.hincrby(key, JobRecord.ATTEMPTS, 1);
        keyCommands.pexpire(key, ttl);
    }

    /** Counts a computation of the job's result. */
    public void computed(String jobId) {
        hashes.hincrby(keys.job(jobId), JobRecord.COMPUTATIONS, 1);
    }

    public void done(String jobId) {
        write(jobId, JobRecord.done(System.currentTimeMillis()));
    }

    /** Done by rendering a near-duplicate's colours onto the photo, without the model. */
    public void doneNear(String jobId) {
        write(jobId, JobRecord.doneNear(System.currentTimeMillis()));
    }

    /**
     * A near reader's claim to look for a near-duplicate of the job: false when the model's group
     * has already picked the job up (it looks itself), or another reader looks.
     */
    public boolean lookingForNear(String jobId) {
        Map<String, String> fields = hashes.hmget(keys.job(jobId), JobRecord.STATE, JobRecord.NEAR);
        if (!JobState.QUEUED.token().equals(fields.get(JobRecord.STATE)) || fields.get(JobRecord.NEAR) != null) {
            return false;
        }
        write(jobId, Map.of(JobRecord.NEAR, JobRecord.NEAR_LOOKING));
        return true;
    }

    /** The near reader found no near-duplicate: the model's group runs the job. */
    public void noNear(String jobId) {
        write(jobId, Map.of(JobRecord.NEAR, JobRecord.NEAR_NONE));
    }

    /** The job's near field: null, {@link JobRecord#NEAR_LOOKING}, {@code NEAR_NONE} or {@code NEAR_REUSED}. */
    public String near(String jobId) {
        return hashes.hget(keys.job(jobId), JobRecord.NEAR);
    }

    private void write(String jobId, Map<String, String> fields) {
        String key = keys.job(jobId);
        hashes.hset(key, fields);
        keyCommands.pexpire(key, ttl);
    }

    /** Back in the queue after a failed attempt that may succeed next time; the error is kept. */
    public void retrying(String jobId, String error) {
        write(jobId, JobRecord.retrying(error));
    }

    /** The last error recorded for a job, or empty. */
    public String lastError(String jobId) {
        String error = hashes.hget(keys.job(jobId), JobRecord.ERROR);
        return error == null ? "" : error;
    }

    public void failed(String jobId, FailureCode code, String error) {
        write(jobId, JobRecord.failed(code, error, System.currentTimeMillis()));
    }
}
