package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.ApiKeys;
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
import java.util.function.BiConsumer;

/**
 * Tells every gateway that a photo was erased, over {@code cc:erased} (the SHA-256 as the
 * message), so each drops it from its L1 and forgets the holds it remembered; or that one tenant
 * let go of it ({@code sha256 tenant}), so each forgets that tenant's hold. A gateway whose
 * subscription was down when the message went out keeps what it had until it is evicted or the
 * hold ends; the sending gateway drops its own at once.
 */
@ApplicationScoped
public class ErasureBroadcast {

    private final ReactivePubSubCommands<String> pubsub;
    private final String channel;
    private final ChannelSubscription subscription;
    private volatile BiConsumer<String, String> listener = (sha, tenant) -> { };

    public ErasureBroadcast(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys) {
        this.pubsub = redis.pubsub(String.class);
        this.channel = keys.erasedChannel();
        this.subscription = new ChannelSubscription(pubsub, channel, this::dispatch);
    }

    /**
     * Where erasures go, from this gateway and every other: the SHA-256, and the tenant that let
     * go of it, or null when the photo itself was erased.
     */
    public void onErasure(BiConsumer<String, String> listener) {
        this.listener = listener;
    }

    /** The photo is erased. */
    public Uni<Void> announce(String sha256) {
        return pubsub.publish(channel, sha256);
    }

    /** The tenant let go of the photo; others still hold it. */
    public Uni<Void> announceRelease(String sha256, String tenant) {
        return pubsub.publish(channel, sha256 + " " + tenant);
    }

    void start(@Observes StartupEvent event) {
        subscription.start();
    }

    void stop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    private void dispatch(String message) {
        String[] parts = message.split(" ", 2);
        if (Sha256.isHex(parts[0]) && (parts.length == 1 || ApiKeys.TENANT_ID.matcher(parts[1]).matches())) {
            listener.accept(parts[0], parts.length == 1 ? null : parts[1]);
        } else {
            Log.warnf("Ignoring malformed message on %s", channel);
        }
    }
}
