package io.colorcache.gateway.redis;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobHash;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.OutputFormat;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/** The job state hashes {@code cc:job:{id}} as the gateway reads and, for cache hits, writes them. */
@ApplicationScoped
public class JobStates {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keyCommands;
    private final KeySchema keys;
    private final GatewayConfig config;

    public JobStates(ReactiveRedisDataSource redis, KeySchema keys, GatewayConfig config) {
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.keys = keys;
        this.config = config;
    }

    /** A job's failure as its hash records it, if it failed. */
    public Uni<Optional<Failure>> failure(String jobId) {
        return fields(jobId).map(fields -> fields.flatMap(JobStates::failureOf));
    }

    /** Every field of a job's hash; empty when the job is unknown or expired. */
    public Uni<Optional<Map<String, String>>> fields(String jobId) {
        return hashes.hgetall(keys.job(jobId)).map(f -> f == null || f.isEmpty() ? Optional.empty() : Optional.of(f));
    }

    /** Records a job answered from the cache, so the job API serves it like any other. */
    public Uni<Void> recordDone(String jobId, String resultKey, String sha256, OutputFormat format) {
        String now = Long.toString(System.currentTimeMillis());
        String key = keys.job(jobId);
        return hashes.hset(key, Map.of(JobHash.STATE, JobState.DONE.token(), JobHash.RESULT, resultKey,
                        JobHash.SHA256, sha256, JobHash.FORMAT, format.token(), JobHash.ENQUEUED_AT, now,
                        JobHash.FINISHED_AT, now, JobHash.ATTEMPTS, "0"))
                .chain(() -> keyCommands.pexpire(key, config.jobTtl()))
                .replaceWithVoid();
    }

    static Optional<Failure> failureOf(Map<String, String> fields) {
        if (!JobState.FAILED.token().equals(fields.get(JobHash.STATE))) {
            return Optional.empty();
        }
        return Optional.of(new Failure(FailureCode.fromToken(fields.get(JobHash.ERROR_CODE)),
                fields.getOrDefault(JobHash.ERROR, "")));
    }

    /** Why a job failed. */
    public record Failure(FailureCode code, String detail) {
    }
}
