package io.colorcache.warmer.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The state of enqueued jobs, read from their records {@code cc:job:{id}}. */
@ApplicationScoped
public class JobOutcomes {

    private final HashCommands<String, String, String> hashes;
    private final KeySchema keys;

    public JobOutcomes(@RedisClientName(QueueRedis.NAME) RedisDataSource redis, KeySchema keys) {
        this.hashes = redis.hash(String.class);
        this.keys = keys;
    }

    /** The job's state; empty when its record is gone. */
    public Optional<JobState> state(String jobId) {
        return JobState.fromToken(hashes.hget(keys.job(jobId), JobRecord.STATE));
    }
}
