package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.MalformedMessageException;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Consumer;

/**
 * The one Pub/Sub subscription of this process to {@code cc:done}. Every completion goes to the
 * registered listener, which dispatches to local waiters. If the subscription drops, it is
 * re-established with backoff; waiters also re-check Redis on their own, so a message lost
 * meanwhile delays an answer by at most the re-check interval.
 */
@ApplicationScoped
public class CompletionSubscription {

    private final ChannelSubscription subscription;
    private final String channel;
    private volatile Consumer<Completion> listener = c -> { };

    public CompletionSubscription(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys) {
        this.channel = keys.doneChannel();
        this.subscription = new ChannelSubscription(redis.pubsub(String.class), channel, this::dispatch);
    }

    public void onCompletion(Consumer<Completion> listener) {
        this.listener = listener;
    }

    void start(@Observes StartupEvent event) {
        subscription.start();
    }

    void stop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    private void dispatch(String message) {
        try {
            listener.accept(Completion.decode(message));
        } catch (MalformedMessageException e) {
            Log.warnf("Ignoring malformed completion on %s: %s", channel, e.getMessage());
        }
    }
}
