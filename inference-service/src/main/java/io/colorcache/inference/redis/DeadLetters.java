package io.colorcache.inference.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.KeySchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.runtime.Startup;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dead-letter stream {@code cc:dead}: failed jobs with their last error, trimmed
 * approximately; each one counted ({@code colorcache_inference_dead_letters_total{code}}).
 */
@Startup
@ApplicationScoped
public class DeadLetters {

    /** HSET of one field of a hash that exists, so that a job record that expired is not made again. */
    private static final String SET_IF_EXISTS = """
            if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
            return 0
            """;

    private final StreamCommands<String, String, String> streams;
    private final RedisDataSource redis;
    private final KeySchema keys;
    private final long maxLen;
    private final Map<String, Counter> counted = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public DeadLetters(@RedisClientName(QueueRedis.NAME) RedisDataSource redis, KeySchema keys, WorkerConfig config,
            MeterRegistry meters) {
        this.meters = meters;
        for (FailureCode code : FailureCode.values()) {
            counter(code.token()); // exported from the start, so a rate over it is 0 rather than absent
        }
        this.streams = redis.stream(String.class, String.class, String.class);
        this.redis = redis;
        this.keys = keys;
        this.maxLen = config.deadLetterMaxLen();
    }

    public void add(Map<String, String> originalFields, String sourceStream, String entryId, String code, String error) {
        Map<String, String> fields = new LinkedHashMap<>(originalFields);
        fields.put("deadStream", sourceStream);
        fields.put("deadEntry", entryId);
        fields.put("errorCode", code);
        fields.put("error", error == null ? "" : error);
        fields.put("deadAt", Long.toString(System.currentTimeMillis()));
        String deadEntry = streams.xadd(keys.deadLetterStream(), new XAddArgs().maxlen(maxLen).nearlyExactTrimming(),
                fields);
        // Where the photo's erasure finds it (PhotoJobs); only if the record still exists.
        JobMessage.jobIdIn(originalFields).map(keys::job)
                .ifPresent(job -> redis.execute("EVAL", SET_IF_EXISTS, "1", job, JobRecord.DEAD_ENTRY, deadEntry));
        counter(code).increment();
    }

    private Counter counter(String code) {
        return counted.computeIfAbsent(code, c -> Counter.builder("colorcache.inference.dead.letters").tag("code", c)
                .description("Jobs dead-lettered, by failure code").register(meters));
    }
}
