package io.colorcache.gateway.service;

import io.colorcache.gateway.redis.CompletionSubscription;
import io.colorcache.protocol.Completion;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Local waiters for results, woken by the process's one {@code cc:done} subscription. */
@Startup
@ApplicationScoped
public class CompletionWaiters {

    private final Map<String, Set<UniEmitter<? super Completion>>> waiting = new ConcurrentHashMap<>();

    public CompletionWaiters(CompletionSubscription subscription, MeterRegistry meters) {
        subscription.onCompletion(this::complete);
        Gauge.builder("colorcache.gateway.waiters", this, CompletionWaiters::size)
                .description("Computations this process is waiting for").register(meters);
    }

    /**
     * The next completion published for {@code resultKey}. The waiter is registered the moment this is subscribed
     * to, and leaves when it ends or is cancelled.
     */
    public Uni<Completion> next(String resultKey) {
        return Uni.createFrom().emitter(emitter -> {
            waiting.computeIfAbsent(resultKey, k -> ConcurrentHashMap.newKeySet()).add(emitter);
            emitter.onTermination(() -> waiting.computeIfPresent(resultKey, (k, set) -> {
                set.remove(emitter);
                return set.isEmpty() ? null : set;
            }));
        });
    }

    /** Wakes every local waiter of the completion's result key. */
    public void complete(Completion completion) {
        Set<UniEmitter<? super Completion>> emitters = waiting.get(completion.resultKey());
        if (emitters != null) {
            emitters.forEach(emitter -> emitter.complete(completion));
        }
    }

    /** Number of registered waiters. */
    public int size() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }
}
