package io.colorcache.common.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.RedisScripts;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Puts a job on the stream of its priority, as the gateway and the warmer both do: its record
 * (queued, with its lifetime), the stream entry (the stream trimmed to about
 * {@code colorcache.jobs.stream-max-len}) counted with its input size in the stream's
 * queued-bytes counter, then where it was placed; the job is added to its photo's jobs
 * ({@link PhotoJobs}). The upload it names must already be stored.
 */
@ApplicationScoped
public class JobEnqueuer {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keyCommands;
    private final Redis redis;
    private final KeySchema keys;
    private final Duration jobTtl;
    private final long streamMaxLen;
    private final PhotoJobs photoJobs;

    public JobEnqueuer(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            KeySchema keys, JobsConfig config, PhotoJobs photoJobs) {
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.redis = redis.getRedis();
        this.keys = keys;
        this.jobTtl = config.ttl();
        this.streamMaxLen = config.streamMaxLen();
        this.photoJobs = photoJobs;
    }

    /**
     * @param inputBytes the size of the job's upload, added to the stream's queued bytes until a
     *        worker acknowledges the entry (0 when the caller does not know it)
     * @return the stream entry id
     */
    public Uni<String> enqueue(JobMessage job, long inputBytes) {
        String jobKey = keys.job(job.jobId());
        String stream = keys.stream(job.priority());
        Request add = Request.cmd(Command.EVAL).arg(RedisScripts.ENQUEUE_COUNTED);
        RedisScripts.enqueueCountedArguments(keys, stream, streamMaxLen, inputBytes, job.toFields()).forEach(add::arg);
        Uni<Boolean> record = hashes.hset(jobKey, JobRecord.queued(job)).chain(() -> keyCommands.pexpire(jobKey, jobTtl));
        return Uni.combine().all().unis(record, photoJobs.add(job.sha256(), job.jobId())).discardItems()
                .chain(() -> redis.send(add)).map(Response::toString)
                .call(entry -> hashes.hset(jobKey, JobRecord.placed(stream, entry)));
    }
}
