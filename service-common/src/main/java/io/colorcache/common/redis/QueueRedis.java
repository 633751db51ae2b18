package io.colorcache.common.redis;

/**
 * The Redis client that holds the queue: job streams, job records, locks, uploads, completions
 * and the warmer's state ({@code quarkus.redis.queue.*}). Results and request counts stay on the
 * default client ({@code quarkus.redis.*}), the cache. Unless configured, the queue client is the
 * default client's Redis (META-INF/microprofile-config.properties), so one Redis holds both.
 * Inject it with {@code @RedisClientName(QueueRedis.NAME)}.
 */
public final class QueueRedis {

    public static final String NAME = "queue";

    private QueueRedis() {
    }
}
