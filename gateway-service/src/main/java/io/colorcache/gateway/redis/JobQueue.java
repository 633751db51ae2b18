package io.colorcache.gateway.redis;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.protocol.JobHash;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Puts a job on its stream: the upload first ({@code cc:in:{sha}}), then the job's state hash,
 * then the stream entry, so a worker never sees a job whose input is not there yet.
 */
@ApplicationScoped
public class JobQueue {

    private final ReactiveValueCommands<String, byte[]> values;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keyCommands;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final KeySchema keys;
    private final GatewayConfig config;
    private final XAddArgs trimmed;

    public JobQueue(ReactiveRedisDataSource redis, KeySchema keys, GatewayConfig config) {
        this.values = redis.value(byte[].class);
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.streams = redis.stream(String.class, String.class, String.class);
        this.keys = keys;
        this.config = config;
        this.trimmed = new XAddArgs().maxlen(config.streamMaxLen()).nearlyExactTrimming();
    }

    /** Entries on a job stream now: waiting, in progress, and finished ones not yet trimmed. */
    public Uni<Long> length(String stream) {
        return streams.xlen(stream);
    }

    /** @return the stream entry id */
    public Uni<String> enqueue(JobMessage job, byte[] upload) {
        String jobKey = keys.job(job.jobId());
        Map<String, String> state = Map.of(
                JobHash.STATE, JobState.QUEUED.token(),
                JobHash.RESULT, job.resultKey(),
                JobHash.SHA256, job.sha256(),
                JobHash.FORMAT, job.format().token(),
                JobHash.ENQUEUED_AT, Long.toString(job.enqueuedAt()),
                JobHash.ATTEMPTS, "0");
        String stream = keys.stream(job.priority());
        return values.set(job.inputKey(), upload, new SetArgs().px(config.inputTtl()))
                .chain(() -> hashes.hset(jobKey, state))
                .chain(() -> keyCommands.pexpire(jobKey, config.jobTtl()))
                .chain(() -> streams.xadd(stream, trimmed, job.toFields()))
                .call(entry -> hashes.hset(jobKey, Map.of(JobHash.STREAM, stream, JobHash.ENTRY, entry)));
    }
}
