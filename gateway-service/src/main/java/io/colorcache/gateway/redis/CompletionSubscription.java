package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.MalformedMessageException;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The one Pub/Sub subscription of this process to {@code cc:done}. Every completion goes to the
 * registered listener, which dispatches to local waiters. If the subscription drops, it is
 * re-established with backoff; waiters also re-check Redis on their own, so a message lost
 * meanwhile delays an answer by at most the re-check interval.
 */
@ApplicationScoped
public class CompletionSubscription {

    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ReactivePubSubCommands<String> pubsub;
    private final String channel;
    private volatile Consumer<Completion> listener = c -> { };
    private volatile ReactivePubSubCommands.ReactiveRedisSubscriber subscriber;
    private volatile boolean stopped;

    public CompletionSubscription(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys) {
        this.pubsub = redis.pubsub(String.class);
        this.channel = keys.doneChannel();
    }

    public void onCompletion(Consumer<Completion> listener) {
        this.listener = listener;
    }

    void start(@Observes StartupEvent event) {
        subscribe();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        ReactivePubSubCommands.ReactiveRedisSubscriber s = subscriber;
        if (s != null) {
            s.unsubscribe().subscribe().with(ok -> { }, e -> { });
        }
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        pubsub.subscribe(channel, this::dispatch, this::resubscribeLater, failure -> resubscribeLater())
                .subscribe().with(
                        s -> {
                            subscriber = s;
                            Log.debugf("Subscribed to %s", channel);
                        },
                        failure -> {
                            Log.warnf("Cannot subscribe to %s (%s); retrying in %s", channel, failure.getMessage(), RETRY);
                            resubscribeLater();
                        });
    }

    private void resubscribeLater() {
        if (!stopped) {
            Uni.createFrom().voidItem().onItem().delayIt().by(RETRY).subscribe().with(ignored -> subscribe());
        }
    }

    private void dispatch(String message) {
        try {
            listener.accept(Completion.decode(message));
        } catch (MalformedMessageException e) {
            Log.warnf("Ignoring malformed completion on %s: %s", channel, e.getMessage());
        }
    }
}
