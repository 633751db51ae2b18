package io.colorcache.gateway.redis;

import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobHash;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/** Reads the job state hashes {@code cc:job:{id}}. */
@ApplicationScoped
public class JobStates {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final KeySchema keys;

    public JobStates(ReactiveRedisDataSource redis, KeySchema keys) {
        this.hashes = redis.hash(String.class);
        this.keys = keys;
    }

    /** A job's failure as its hash records it, if it failed. */
    public Uni<Optional<Failure>> failure(String jobId) {
        return hashes.hgetall(keys.job(jobId)).map(fields -> failureOf(fields));
    }

    private static Optional<Failure> failureOf(Map<String, String> fields) {
        if (fields == null || !JobState.FAILED.token().equals(fields.get(JobHash.STATE))) {
            return Optional.empty();
        }
        return Optional.of(new Failure(FailureCode.fromToken(fields.get(JobHash.ERROR_CODE)),
                fields.getOrDefault(JobHash.ERROR, "")));
    }

    /** Why a job failed. */
    public record Failure(FailureCode code, String detail) {
    }
}
