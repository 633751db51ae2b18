package io.colorcache.inference.redis;

import io.colorcache.common.redis.ConsumerGroupInfo;
import io.colorcache.common.redis.QueueRedis;
import io.colorcache.common.redis.StreamGroups;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.RedisScripts;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XClaimArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XPendingSummary;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.redis.datasource.stream.XTrimArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The worker's side of the job streams: the consumer group, reads, claims of stalled entries,
 * delivery counts and acknowledgements. Blocking; never call it from an event loop.
 */
@ApplicationScoped
public class JobStream {

    /** Where Redis 6.2, which does not keep a group's lag, stops counting it. */
    static final long LAG_COUNT_CAP = 1000;
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final StreamGroups groups;
    private final KeySchema keys;

    public JobStream(@RedisClientName(QueueRedis.NAME) RedisDataSource redis, StreamGroups groups, KeySchema keys) {
        this.redis = redis;
        this.keys = keys;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.groups = groups;
    }

    /**
     * Creates the group at the start of the stream (and the stream itself) unless it exists, so
     * jobs enqueued before the first worker ever started are not skipped.
     */
    public void ensureGroup(String stream, String group) {
        ensureGroup(stream, group, "0");
    }

    /** Creates the group (and the stream) unless it exists, its cursor at {@code from} ({@code $}: the stream's end). */
    public void ensureGroup(String stream, String group, String from) {
        try {
            streams.xgroupCreate(stream, group, from, new XGroupCreateArgs().mkstream());
            Log.infof("Created consumer group %s on %s", group, stream);
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /**
     * Reads one stream for this consumer (one key, so it works on Redis Cluster): {@code ">"} as
     * {@code after} means entries never delivered, {@code "0"} this consumer's own unacknowledged
     * ones. A null {@code block} returns at once.
     */
    public List<StreamMessage<String, String, String>> read(String group, String consumer, String stream,
            String after, int count, Duration block) {
        XReadGroupArgs args = new XReadGroupArgs().count(count);
        if (block != null) {
            args.block(block);
        }
        List<StreamMessage<String, String, String>> messages = streams.xreadgroup(group, consumer, stream, after, args);
        return messages == null ? List.of() : messages;
    }

    /**
     * Reads entries never delivered to the group without making them pending (NOACK): for a group
     * that only looks at jobs another group is responsible for.
     */
    public List<StreamMessage<String, String, String>> readUnowned(String group, String consumer, String stream,
            int count, Duration block) {
        List<StreamMessage<String, String, String>> messages = streams.xreadgroup(group, consumer, stream, ">",
                new XReadGroupArgs().count(count).block(block).noack());
        return messages == null ? List.of() : messages;
    }

    /** Takes over entries idle for at least {@code minIdle} on any consumer (XAUTOCLAIM). */
    public List<StreamMessage<String, String, String>> claimIdle(String stream, String group, String consumer,
            Duration minIdle, int count) {
        ClaimedMessages<String, String, String> claimed = streams.xautoclaim(stream, group, consumer, minIdle, "0-0", count);
        return claimed == null ? List.of() : claimed.getMessages().stream()
                .filter(Objects::nonNull)
                .filter(m -> m.payload() != null && !m.payload().isEmpty())
                .toList();
    }

    /** How many times the entry has been delivered (read or claimed), 0 when it is not pending. */
    public int deliveries(String stream, String group, String entryId) {
        List<PendingMessage> pending = streams.xpending(stream, group, StreamRange.of(entryId, entryId), 1);
        return pending == null || pending.isEmpty() ? 0 : pending.get(0).getDeliveryCount();
    }

    /** Marks an entry of this consumer as idle for {@code idle}, so the next claim by any worker takes it. */
    public void releaseForRetry(String stream, String group, String consumer, String entryId, Duration idle) {
        streams.xclaim(stream, group, consumer, Duration.ZERO, new XClaimArgs().idle(idle).justId(), entryId);
    }

    /**
     * Removes entries every consumer of the group is done with: those before the oldest
     * unacknowledged one, or up to the group's cursor when nothing is pending. This keeps a
     * job stream as long as its backlog. Assumes the group is the stream's only reader.
     * @return entries removed
     */
    public long trimProcessed(String stream, String group) {
        XPendingSummary pending = streams.xpending(stream, group);
        String keepFrom = pending != null && pending.getPendingCount() > 0 ? pending.getLowestId() : cursor(stream, group);
        return keepFrom == null ? 0 : streams.xtrim(stream, new XTrimArgs().minid(keepFrom).nearlyExactTrimming());
    }

    /** The group's last-delivered id (XINFO GROUPS), or null. */
    private String cursor(String stream, String group) {
        return groups.group(stream, group).await().atMost(REDIS_TIMEOUT)
                .flatMap(ConsumerGroupInfo::lastDeliveredId).orElse(null);
    }

    /**
     * Entries of the stream not yet handed to the group: XINFO's lag on Redis 7, counted up to
     * {@value #LAG_COUNT_CAP} on Redis 6.2; 0 without a stream.
     */
    public long lag(String stream, String group) {
        return groups.lag(stream, group, LAG_COUNT_CAP).await().atMost(REDIS_TIMEOUT);
    }

    /** Acknowledges the entry and, the first time only, takes its input size off the stream's queued bytes. */
    public void ack(String stream, String group, String entryId) {
        List<String> arguments = new ArrayList<>(List.of(RedisScripts.ACK_COUNTED));
        arguments.addAll(RedisScripts.ackCountedArguments(keys, stream, group, entryId));
        redis.execute("EVAL", arguments.toArray(String[]::new));
    }
}
