package io.colorcache.gateway.redis;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One Pub/Sub channel, subscribed from {@link #start} to {@link #stop}: each message goes to the
 * handler; a dropped subscription is re-established every second until it holds again. Messages
 * published meanwhile are lost, so whoever relies on one needs another way to learn the same.
 */
final class ChannelSubscription {

    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ReactivePubSubCommands<String> pubsub;
    private final String channel;
    private final Consumer<String> handler;
    private volatile ReactivePubSubCommands.ReactiveRedisSubscriber subscriber;
    private volatile boolean stopped;

    ChannelSubscription(ReactivePubSubCommands<String> pubsub, String channel, Consumer<String> handler) {
        this.pubsub = pubsub;
        this.channel = channel;
        this.handler = handler;
    }

    void start() {
        subscribe();
    }

    void stop() {
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
        pubsub.subscribe(channel, handler, this::resubscribeLater, failure -> resubscribeLater())
                .subscribe().with(
                        s -> {
                            subscriber = s;
                            Log.debugf("Subscribed to %s", channel);
                        },
                        failure -> {
                            Log.warnf("Cannot subscribe to %s (%s); retrying in %s", channel, failure.getMessage(),
                                    RETRY);
                            resubscribeLater();
                        });
    }

    private void resubscribeLater() {
        if (!stopped) {
            Uni.createFrom().voidItem().onItem().delayIt().by(RETRY).subscribe().with(ignored -> subscribe());
        }
    }
}
