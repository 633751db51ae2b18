package io.colorcache.inference.redis;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** The worker's side of a job stream: its consumer group, reads and acknowledgements. Blocking; never call it from an event loop. */
@ApplicationScoped
public class JobStream {

    private final StreamCommands<String, String, String> streams;

    public JobStream(RedisDataSource redis) {
        this.streams = redis.stream(String.class, String.class, String.class);
    }

    /**
     * Creates the group at the start of the stream (and the stream itself) unless it exists, so
     * jobs enqueued before the first worker ever started are not skipped.
     */
    public void ensureGroup(String stream, String group) {
        try {
            streams.xgroupCreate(stream, group, "0", new XGroupCreateArgs().mkstream());
            Log.infof("Created consumer group %s on %s", group, stream);
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** New entries never delivered to anyone, waiting up to {@code block} for the first. */
    public List<StreamMessage<String, String, String>> readNew(String stream, String group, String consumer,
            int count, Duration block) {
        List<StreamMessage<String, String, String>> messages = streams.xreadgroup(group, consumer, stream, ">",
                new XReadGroupArgs().count(count).block(block));
        return messages == null ? List.of() : messages;
    }

    /** Entries delivered to this consumer earlier and not yet acknowledged (after a restart). */
    public List<StreamMessage<String, String, String>> readOwnPending(String stream, String group, String consumer,
            int count) {
        List<StreamMessage<String, String, String>> messages = streams.xreadgroup(group, consumer, stream, "0",
                new XReadGroupArgs().count(count));
        return messages == null ? List.of() : messages;
    }

    public void ack(String stream, String group, String entryId) {
        streams.xack(stream, group, entryId);
    }
}
