package io.colorcache.common.redis;

import io.quarkus.redis.client.RedisClientName;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** What a consumer group of a job stream has been handed, read the same way by every service. */
@ApplicationScoped
public class StreamGroups {

    private final Redis redis;

    public StreamGroups(@RedisClientName(QueueRedis.NAME) Redis redis) {
        this.redis = redis;
    }

    /** The group's XINFO GROUPS entry; empty when the stream or the group does not exist. */
    public Uni<Optional<ConsumerGroupInfo>> group(String stream, String group) {
        return redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream))
                .map(groups -> ConsumerGroupInfo.find(groups, group))
                .onFailure(StreamGroups::isMissingStream).recoverWithItem(Optional.empty());
    }

    /**
     * Entries no consumer of the group has been handed yet: Redis 7's {@code lag}, else the
     * entries after the group's last-delivered id counted up to {@code cap}; the whole stream
     * when no consumer has joined; 0 without a stream.
     */
    public Uni<Long> lag(String stream, String group, long cap) {
        return redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream))
                .chain(groups -> {
                    Optional<ConsumerGroupInfo> info = ConsumerGroupInfo.find(groups, group);
                    if (info.isEmpty()) {
                        return redis.send(Request.cmd(Command.XLEN).arg(stream)).map(Response::toLong);
                    }
                    if (info.get().lag().isPresent()) {
                        return Uni.createFrom().item(info.get().lag().getAsLong());
                    }
                    String cursor = info.get().lastDeliveredId().orElse("0-0");
                    return redis.send(Request.cmd(Command.XRANGE).arg(stream).arg("(" + cursor).arg("+")
                                    .arg("COUNT").arg(cap))
                            .map(range -> range == null ? 0L : (long) range.size());
                })
                .onFailure(StreamGroups::isMissingStream).recoverWithItem(0L);
    }

    private static boolean isMissingStream(Throwable failure) {
        String message = failure.getMessage();
        return message != null && message.startsWith("ERR no such key");
    }
}
