package io.colorcache.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lua scripts that more than one service sends, written once. Each touches one key, or a stream and
 * its queued-bytes counter, which share a hash slot ({@link KeySchema#queuedBytes}), so each runs on
 * one slot; each uses only commands Redis 6.2 has.
 */
public final class RedisScripts {

    /**
     * Keep-at-least: {@code KEYS[1]} lives at least {@code ARGV[1]} milliseconds from now. A
     * longer lifetime, or none, is left alone; the key is created from {@code ARGV[2]} when it is
     * missing and a value is given. Returns 1 when the key exists afterwards, else 0.
     * <p>
     * What {@code SET key value NX PX ttl} followed by {@code PEXPIRE key ttl GT} does on Redis
     * 7, atomically, on Redis 6.2 too.
     */
    public static final String KEEP_AT_LEAST = """
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl == -2 then
              if ARGV[2] == nil then return 0 end
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
            elseif ttl >= 0 and ttl < tonumber(ARGV[1]) then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return 1
            """;

    /**
     * Release-if-owner: deletes the single-flight lock {@code KEYS[1]} only while it still names
     * job {@code ARGV[1]}, so a newer job's lock stays. Returns 1 when it deleted the lock, else 0.
     */
    public static final String RELEASE_IF_OWNER =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    /**
     * Counted enqueue: adds an entry to stream {@code KEYS[1]}, trimmed to about {@code ARGV[1]}
     * entries, with the field {@code ARGV[2]} holding its input size {@code ARGV[3]} first and the
     * job's fields ({@code ARGV[4..]}) after it, and adds that size to the queued-bytes counter
     * {@code KEYS[2]} in the same step. Returns the entry id.
     */
    public static final String ENQUEUE_COUNTED = """
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', ARGV[2], ARGV[3], unpack(ARGV, 4))
            redis.call('INCRBY', KEYS[2], ARGV[3])
            return id
            """;

    /**
     * Counted acknowledgement: acknowledges entry {@code ARGV[2]} of stream {@code KEYS[1]} for group
     * {@code ARGV[1]} and, only when that acknowledgement was the first (so a retry or a second
     * worker never counts twice), takes the entry's size (field {@code ARGV[3]}) off the counter
     * {@code KEYS[2]}, never below zero. Returns XACK's answer.
     */
    public static final String ACK_COUNTED = """
            local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            if acked == 1 then
              local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])[1]
              if entry then
                local fields = entry[2]
                for i = 1, #fields, 2 do
                  if fields[i] == ARGV[3] then
                    local left = redis.call('DECRBY', KEYS[2], tonumber(fields[i + 1]) or 0)
                    if left < 0 then redis.call('INCRBY', KEYS[2], -left) end
                  end
                end
              end
            end
            return acked
            """;

    /**
     * What follows {@code EVAL ENQUEUE_COUNTED}: the key count, the stream and its counter, then
     * the arguments in the script's order.
     */
    public static List<String> enqueueCountedArguments(KeySchema keys, String stream, long maxLen, long inputBytes,
            Map<String, String> fields) {
        List<String> arguments = new ArrayList<>(List.of("2", stream, keys.queuedBytes(stream), Long.toString(maxLen),
                JobMessage.QUEUED_BYTES_FIELD, Long.toString(inputBytes)));
        fields.forEach((field, value) -> {
            arguments.add(field);
            arguments.add(value);
        });
        return arguments;
    }

    /** What follows {@code EVAL ACK_COUNTED} for one entry of one stream and group. */
    public static List<String> ackCountedArguments(KeySchema keys, String stream, String group, String entryId) {
        return List.of("2", stream, keys.queuedBytes(stream), group, entryId, JobMessage.QUEUED_BYTES_FIELD);
    }

    private RedisScripts() {
    }
}
