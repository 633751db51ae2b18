package io.colorcache.common.redis;

import io.vertx.mutiny.redis.client.Response;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One consumer group's entry of an {@code XINFO GROUPS} reply, whether Redis sent it as a map
 * (RESP3) or as name/value pairs (RESP2), from Redis 6.2 (no {@code lag}) or 7.
 */
public final class ConsumerGroupInfo {

    private final Response info;

    private ConsumerGroupInfo(Response info) {
        this.info = info;
    }

    /** The entry of {@code group} in an XINFO GROUPS reply; empty when the group is not there. */
    public static Optional<ConsumerGroupInfo> find(Response groups, String group) {
        if (groups == null) {
            return Optional.empty();
        }
        for (Response entry : groups) {
            ConsumerGroupInfo info = new ConsumerGroupInfo(entry);
            if (info.text("name").filter(group::equals).isPresent()) {
                return Optional.of(info);
            }
        }
        return Optional.empty();
    }

    /** The id of the last entry delivered to the group ({@code 0-0} before any). */
    public Optional<String> lastDeliveredId() {
        return text("last-delivered-id");
    }

    /**
     * Entries not yet delivered to the group, as Redis 7 counts them; empty on Redis 6.2, and
     * when Redis cannot tell (after deletions in the middle of the stream).
     */
    public OptionalLong lag() {
        Response lag = value("lag");
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag.toLong());
    }

    private Optional<String> text(String name) {
        Response value = value(name);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    private Response value(String name) {
        if (info.isMap()) {
            return info.containsKey(name) ? info.get(name) : null;
        }
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if (name.equals(info.get(i).toString())) {
                return info.get(i + 1);
            }
        }
        return null;
    }
}
