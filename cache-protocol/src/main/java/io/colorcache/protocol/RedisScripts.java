package io.colorcache.protocol;

/**
 * Lua scripts that more than one service sends, written once. Each touches one key, so each runs
 * on one hash slot, and each uses only commands Redis 6.2 has.
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

    private RedisScripts() {
    }
}
