package io.colorcache.warmer.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.common.redis.StreamGroups;
import io.colorcache.protocol.KeySchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * How many interactive jobs wait undelivered for the workers: the consumer group's {@code lag}
 * from XINFO GROUPS, or, when Redis cannot tell it (Redis 6.2, or after deletions), the entries
 * after the group's cursor counted up to a cap.
 */
@ApplicationScoped
public class InteractiveLag {

    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

    private final StreamGroups groups;
    private final String stream;
    private final String group;

    public InteractiveLag(StreamGroups groups, KeySchema keys, JobsConfig config) {
        this.groups = groups;
        this.stream = keys.jobsStream();
        this.group = config.group();
    }

    /** The lag, counted up to {@code cap} when Redis does not know it. */
    public long current(long cap) {
        return groups.lag(stream, group, cap).await().atMost(REDIS_TIMEOUT);
    }
}
