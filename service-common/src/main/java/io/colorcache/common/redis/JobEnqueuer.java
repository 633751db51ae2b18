package io.colorcache.common.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Puts a job on the stream of its priority, as the gateway and the warmer both do: its record
 * (queued, with its lifetime), the stream entry (the stream trimmed to about
 * {@code colorcache.jobs.stream-max-len}), then where it was placed. The upload it names must
 * already be stored.
 */
@ApplicationScoped
public class JobEnqueuer {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keyCommands;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final KeySchema keys;
    private final Duration jobTtl;
    private final XAddArgs trimmed;

    public JobEnqueuer(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            KeySchema keys, JobsConfig config) {
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.streams = redis.stream(String.class, String.class, String.class);
        this.keys = keys;
        this.jobTtl = config.ttl();
        this.trimmed = new XAddArgs().maxlen(config.streamMaxLen()).nearlyExactTrimming();
    }

    /** @return the stream entry id */
    public Uni<String> enqueue(JobMessage job) {
        String jobKey = keys.job(job.jobId());
        String stream = keys.stream(job.priority());
        return hashes.hset(jobKey, JobRecord.queued(job))
                .chain(() -> keyCommands.pexpire(jobKey, jobTtl))
                .chain(() -> streams.xadd(stream, trimmed, job.toFields()))
                .call(entry -> hashes.hset(jobKey, JobRecord.placed(stream, entry)));
    }
}
