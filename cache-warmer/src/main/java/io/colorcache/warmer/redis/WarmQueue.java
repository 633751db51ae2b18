package io.colorcache.warmer.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Priority;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Puts warm jobs on {@code cc:jobs:warm}: the job's state hash first, then the stream entry, as
 * the gateway does for interactive ones. No single-flight lock is taken: a user asking for the
 * same photo meanwhile gets an interactive job of its own rather than waiting behind warm work,
 * and whichever job runs second reuses the first one's result.
 */
@ApplicationScoped
public class WarmQueue {

    private final HashCommands<String, String, String> hashes;
    private final KeyCommands<String> keyCommands;
    private final StreamCommands<String, String, String> streams;
    private final KeySchema keys;
    private final Duration jobTtl;
    private final XAddArgs trimmed;

    public WarmQueue(RedisDataSource redis, KeySchema keys, JobsConfig config) {
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.streams = redis.stream(String.class, String.class, String.class);
        this.keys = keys;
        this.jobTtl = config.ttl();
        this.trimmed = new XAddArgs().maxlen(config.streamMaxLen()).nearlyExactTrimming();
    }

    /** @return the stream entry id */
    public String enqueue(JobMessage job) {
        if (job.priority() != Priority.WARM) {
            throw new IllegalArgumentException("the warmer only enqueues warm jobs");
        }
        String jobKey = keys.job(job.jobId());
        String stream = keys.warmJobsStream();
        hashes.hset(jobKey, JobRecord.queued(job));
        keyCommands.pexpire(jobKey, jobTtl);
        String entry = streams.xadd(stream, trimmed, job.toFields());
        hashes.hset(jobKey, JobRecord.placed(stream, entry));
        return entry;
    }
}
