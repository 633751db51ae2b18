package io.colorcache.gateway.redis;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.common.config.JobsConfig;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Puts a job on its stream: the upload first ({@code cc:in:{sha}}), then the job's state hash,
 * then the stream entry, so a worker never sees a job whose input is not there yet.
 */
@ApplicationScoped
public class JobQueue {

    private final InputStore inputs;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keyCommands;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final KeySchema keys;
    private final Duration jobTtl;
    private final Duration queuedInputTtl;
    private final XAddArgs trimmed;

    public JobQueue(ReactiveRedisDataSource redis, InputStore inputs, KeySchema keys, JobsConfig jobsConfig,
            InputsConfig inputsConfig) {
        this.inputs = inputs;
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.streams = redis.stream(String.class, String.class, String.class);
        this.keys = keys;
        this.jobTtl = jobsConfig.ttl();
        this.queuedInputTtl = inputsConfig.queuedTtl();
        this.trimmed = new XAddArgs().maxlen(jobsConfig.streamMaxLen()).nearlyExactTrimming();
    }

    /** Entries on a job stream now: waiting, in progress, and finished ones not yet trimmed. */
    public Uni<Long> length(String stream) {
        return streams.xlen(stream);
    }

    /** @return the stream entry id */
    public Uni<String> enqueue(JobMessage job, byte[] upload) {
        String jobKey = keys.job(job.jobId());
        String stream = keys.stream(job.priority());
        return inputs.keepAtLeast(job.sha256(), upload, queuedInputTtl)
                .chain(() -> hashes.hset(jobKey, JobRecord.queued(job)))
                .chain(() -> keyCommands.pexpire(jobKey, jobTtl))
                .chain(() -> streams.xadd(stream, trimmed, job.toFields()))
                .call(entry -> hashes.hset(jobKey, JobRecord.placed(stream, entry)));
    }
}
