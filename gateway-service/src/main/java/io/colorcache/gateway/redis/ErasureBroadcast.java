package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Sha256;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Consumer;

/**
 * Tells every gateway that a photo was erased, over {@code cc:erased} (the SHA-256 as the
 * message), so each drops it from its L1. A gateway whose subscription was down when the message
 * went out keeps its copy until L1 evicts it; the erasing gateway drops its own at once.
 */
@ApplicationScoped
public class ErasureBroadcast {

    private final ReactivePubSubCommands<String> pubsub;
    private final String channel;
    private final ChannelSubscription subscription;
    private volatile Consumer<String> listener = sha -> { };

    public ErasureBroadcast(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys) {
        this.pubsub = redis.pubsub(String.class);
        this.channel = keys.erasedChannel();
        this.subscription = new ChannelSubscription(pubsub, channel, this::dispatch);
    }

    /** Where erased SHA-256s go, from this gateway and every other. */
    public void onErased(Consumer<String> listener) {
        this.listener = listener;
    }

    public Uni<Void> announce(String sha256) {
        return pubsub.publish(channel, sha256);
    }

    void start(@Observes StartupEvent event) {
        subscription.start();
    }

    void stop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    private void dispatch(String message) {
        if (Sha256.isHex(message)) {
            listener.accept(message);
        } else {
            Log.warnf("Ignoring malformed message on %s", channel);
        }
    }
}
