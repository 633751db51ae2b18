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
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The job state hashes {@code cc:job:{id}} as the worker moves a job along. */
@ApplicationScoped
public class JobStates {

    /**
     * Marks a job running (ARGV: the TTL in ms, the attempts field, the near field, then the
     * running fields and values) and answers its near field, in one step: a near reader's claim
     * comes either before it (seen here) or after it (refused there, the state no longer queued).
     */
    private static final String RUNNING = """
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return redis.call('HGET', KEYS[1], ARGV[3])""";

    /**
     * A near reader's claim (ARGV: the state field, the queued state, the near field, the looking
     * value, the TTL in ms): taken only while the job is queued and nobody has looked at it yet.
     */
    private static final String CLAIM_NEAR = """
            if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] or redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1""";

    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;
    private final KeyCommands<String> keyCommands;
    private final KeySchema keys;
    private final Duration ttl;

    public JobStates(@RedisClientName(QueueRedis.NAME) RedisDataSource redis, KeySchema keys, JobsConfig config) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.keys = keys;
        this.ttl = config.ttl();
    }

    /**
     * Marks the job running on {@code consumer}, counting the attempt, and answers its near field
     * as it was then (see {@link #near}).
     */
    public String running(String jobId, String consumer) {
        List<String> arguments = new ArrayList<>(List.of(RUNNING, "1", keys.job(jobId),
                Long.toString(ttl.toMillis()), JobRecord.ATTEMPTS, JobRecord.NEAR));
        JobRecord.running(consumer, System.currentTimeMillis()).forEach((field, value) -> {
            arguments.add(field);
            arguments.add(value);
        });
        Response near = redis.execute("EVAL", arguments.toArray(String[]::new));
        return near == null ? null : near.toString();
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
        Response claimed = redis.execute("EVAL", CLAIM_NEAR, "1", keys.job(jobId), JobRecord.STATE,
                JobState.QUEUED.token(), JobRecord.NEAR, JobRecord.NEAR_LOOKING, Long.toString(ttl.toMillis()));
        return claimed != null && claimed.toInteger() == 1;
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
