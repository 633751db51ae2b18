package io.colorcache.gateway.redis;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.common.redis.JobEnqueuer;
import io.colorcache.common.redis.QueueRedis;
import io.colorcache.common.redis.UploadLifetimes;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Puts an interactive job on its stream: the upload first ({@code cc:in:{sha}}), then the job
 * ({@link JobEnqueuer}), so a worker never sees a job whose input is not there yet; and what is
 * queued, in entries and in input bytes, for admission.
 */
@ApplicationScoped
public class JobQueue {

    private final UploadLifetimes uploads;
    private final JobEnqueuer enqueuer;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final ReactiveValueCommands<String, Long> counters;
    private final KeySchema keys;
    private final Duration queuedInputTtl;

    public JobQueue(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            UploadLifetimes uploads, JobEnqueuer enqueuer, InputsConfig inputsConfig, KeySchema keys) {
        this.uploads = uploads;
        this.enqueuer = enqueuer;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.counters = redis.value(Long.class);
        this.keys = keys;
        this.queuedInputTtl = inputsConfig.queuedTtl();
    }

    /** Entries on a job stream now: waiting, in progress, and finished ones not yet trimmed. */
    public Uni<Long> length(String stream) {
        return streams.xlen(stream);
    }

    /** Input bytes of the stream's jobs that no worker has acknowledged yet. */
    public Uni<Long> queuedBytes(String stream) {
        return counters.get(keys.queuedBytes(stream)).map(bytes -> bytes == null ? 0L : bytes);
    }

    /** @return the stream entry id */
    public Uni<String> enqueue(JobMessage job, byte[] upload) {
        return uploads.keepAtLeast(job.sha256(), upload, queuedInputTtl)
                .chain(() -> enqueuer.enqueue(job, upload.length));
    }
}
