package io.colorcache.gateway.redis;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.common.redis.JobEnqueuer;
import io.colorcache.common.redis.QueueRedis;
import io.colorcache.common.redis.UploadLifetimes;
import io.colorcache.protocol.JobMessage;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Puts an interactive job on its stream: the upload first ({@code cc:in:{sha}}), then the job
 * ({@link JobEnqueuer}), so a worker never sees a job whose input is not there yet.
 */
@ApplicationScoped
public class JobQueue {

    private final UploadLifetimes uploads;
    private final JobEnqueuer enqueuer;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final Duration queuedInputTtl;

    public JobQueue(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            UploadLifetimes uploads, JobEnqueuer enqueuer, InputsConfig inputsConfig) {
        this.uploads = uploads;
        this.enqueuer = enqueuer;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.queuedInputTtl = inputsConfig.queuedTtl();
    }

    /** Entries on a job stream now: waiting, in progress, and finished ones not yet trimmed. */
    public Uni<Long> length(String stream) {
        return streams.xlen(stream);
    }

    /** @return the stream entry id */
    public Uni<String> enqueue(JobMessage job, byte[] upload) {
        return uploads.keepAtLeast(job.sha256(), upload, queuedInputTtl).chain(() -> enqueuer.enqueue(job));
    }
}
