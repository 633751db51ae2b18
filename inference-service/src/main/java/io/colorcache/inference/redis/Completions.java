package io.colorcache.inference.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.RedisScripts;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ends a computation for everyone waiting on it: releases the single-flight lock, so a later
 * request may try again after a failure, then publishes the completion on {@code cc:done}.
 */
@ApplicationScoped
public class Completions {

    private final RedisDataSource redis;
    private final PubSubCommands<String> pubsub;
    private final KeySchema keys;

    public Completions(@RedisClientName(QueueRedis.NAME) RedisDataSource redis, KeySchema keys) {
        this.redis = redis;
        this.pubsub = redis.pubsub(String.class);
        this.keys = keys;
    }

    public void announce(Completion completion) {
        redis.execute("EVAL", RedisScripts.RELEASE_IF_OWNER, "1", keys.lock(completion.resultKey()), completion.jobId());
        pubsub.publish(keys.doneChannel(), completion.encode());
    }
}
