package io.colorcache.gateway.service;

import io.colorcache.gateway.redis.CompletionSubscription;
import io.colorcache.protocol.Completion;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local waiters for results, woken by the process's one {@code cc:done} subscription. A waiter
 * registers before it checks Redis, so a completion published in between is never lost.
 */
@Startup
@ApplicationScoped
public class CompletionWaiters {

    private final Map<String, Set<CompletableFuture<Completion>>> waiting = new ConcurrentHashMap<>();

    public CompletionWaiters(CompletionSubscription subscription, MeterRegistry meters) {
        subscription.onCompletion(this::complete);
        Gauge.builder("colorcache.gateway.waiters", this, CompletionWaiters::size)
                .description("Computations this process is waiting for").register(meters);
    }

    /** Registers interest in {@code resultKey}; call {@link #remove} once done with the future. */
    public CompletableFuture<Completion> register(String resultKey) {
        CompletableFuture<Completion> future = new CompletableFuture<>();
        waiting.computeIfAbsent(resultKey, k -> ConcurrentHashMap.newKeySet()).add(future);
        return future;
    }

    public void remove(String resultKey, CompletableFuture<Completion> future) {
        waiting.computeIfPresent(resultKey, (k, set) -> {
            set.remove(future);
            return set.isEmpty() ? null : set;
        });
    }

    /** Completes every local waiter of the completion's result key. */
    public void complete(Completion completion) {
        Set<CompletableFuture<Completion>> futures = waiting.get(completion.resultKey());
        if (futures != null) {
            futures.forEach(f -> f.complete(completion));
        }
    }

    /** Number of registered waiters. */
    public int size() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }
}
