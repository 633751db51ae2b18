package io.colorcache.inference.worker;

import io.colorcache.inference.redis.JobStream;
import io.quarkus.redis.datasource.stream.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Decides which job stream the next entries come from. The interactive stream is always read
 * first; after {@code warmEvery} interactive entries in a row one warm entry goes in, so the
 * warm stream gets a bounded share and never starves; spare room goes to warm work, but never
 * more warm entries in flight than one batch, so prewarming delays users by at most one batch.
 * Every read names one stream, so the two may live on different Redis Cluster shards. With both
 * empty it blocks on the interactive stream only: a warm entry that arrives meanwhile waits for
 * the next read, at most one {@code block}.
 */
final class StreamScheduler {

    private final JobStream streams;
    private final String group;
    private final String consumer;
    private final String interactive;
    private final String warm;
    private final int warmEvery;
    private final Duration block;
    private final IntSupplier warmRoom;
    private int interactiveSinceWarm;

    /**
     * @param warmRoom how many more warm entries may be in flight now
     */
    StreamScheduler(JobStream streams, String group, String consumer, String interactive, String warm,
            int warmEvery, Duration block, IntSupplier warmRoom) {
        this.streams = streams;
        this.group = group;
        this.consumer = consumer;
        this.interactive = interactive;
        this.warm = warm;
        this.warmEvery = warmEvery;
        this.block = block;
        this.warmRoom = warmRoom;
    }

    /** Up to {@code room} new entries, in the order they should be handled. */
    List<StreamMessage<String, String, String>> next(int room) {
        List<StreamMessage<String, String, String>> entries = new ArrayList<>(room);
        int warmTaken = 0;
        boolean warmEmpty = false;
        while (entries.size() < room) {
            if (!warmEmpty && interactiveSinceWarm >= warmEvery && warmRoom.getAsInt() - warmTaken > 0) {
                List<StreamMessage<String, String, String>> due = read(warm, 1, null);
                if (!due.isEmpty()) {
                    entries.addAll(due);
                    warmTaken++;
                    interactiveSinceWarm = 0;
                    continue;
                }
                warmEmpty = true;
            }
            int left = room - entries.size();
            int quota = warmEmpty ? left : Math.max(1, Math.min(left, warmEvery - interactiveSinceWarm));
            List<StreamMessage<String, String, String>> users = read(interactive, quota, null);
            entries.addAll(users);
            interactiveSinceWarm += users.size();
            if (users.size() < quota) {
                break;
            }
        }
        if (!warmEmpty) {
            List<StreamMessage<String, String, String>> spare =
                    read(warm, Math.min(room - entries.size(), warmRoom.getAsInt() - warmTaken), null);
            entries.addAll(spare);
            if (!spare.isEmpty()) {
                interactiveSinceWarm = 0;
            }
        }
        if (entries.isEmpty()) {
            // One entry: the next call reads the rest without blocking, warm entries included.
            entries.addAll(read(interactive, 1, block));
            interactiveSinceWarm += entries.size();
        }
        return entries;
    }

    private List<StreamMessage<String, String, String>> read(String stream, int count, Duration wait) {
        return count <= 0 ? List.of() : streams.read(group, consumer, stream, ">", count, wait);
    }
}
