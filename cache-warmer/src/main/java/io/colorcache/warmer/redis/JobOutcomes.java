package io.colorcache.warmer.redis;

import io.colorcache.protocol.JobHash;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import jakarta.enterprise.context.ApplicationScoped;

/** The state of enqueued jobs, read from their hashes {@code cc:job:{id}}. */
@ApplicationScoped
public class JobOutcomes {

    private final HashCommands<String, String, String> hashes;
    private final KeySchema keys;

    public JobOutcomes(RedisDataSource redis, KeySchema keys) {
        this.hashes = redis.hash(String.class);
        this.keys = keys;
    }

    /** The job's state token; null when its hash is gone. */
    public String state(String jobId) {
        return hashes.hget(keys.job(jobId), JobHash.STATE);
    }
}
