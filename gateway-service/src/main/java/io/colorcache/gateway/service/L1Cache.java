package io.colorcache.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.colorcache.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * L1: results in process memory, bounded by their total size in bytes; with a size of 0 there is
 * no cache at all (Caffeine would take each entry in and evict it later, on another thread).
 */
@Startup
@ApplicationScoped
public class L1Cache {

    private final Cache<String, byte[]> cache;

    public L1Cache(GatewayConfig config, MeterRegistry meters) {
        if (config.l1().maxBytes() <= 0) {
            this.cache = null;
            return;
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight(config.l1().maxBytes())
                .weigher((String key, byte[] value) -> value.length + key.length())
                .recordStats()
                .build();
        Gauge.builder("colorcache.gateway.l1.weight", cache, c -> c.policy().eviction()
                        .flatMap(e -> e.weightedSize().stream().boxed().findFirst()).orElse(0L))
                .baseUnit("bytes").description("Bytes of results held in the L1 cache").register(meters);
        Gauge.builder("colorcache.gateway.l1.entries", cache, Cache::estimatedSize)
                .description("Results held in the L1 cache").register(meters);
        FunctionCounter.builder("colorcache.gateway.l1.evictions", cache, c -> c.stats().evictionCount())
                .description("Results evicted from the L1 cache to stay within its byte budget").register(meters);
    }

    public byte[] get(String resultKey) {
        return cache == null ? null : cache.getIfPresent(resultKey);
    }

    public void invalidate(String resultKey) {
        if (cache != null) {
            cache.invalidate(resultKey);
        }
    }

    public void put(String resultKey, byte[] result) {
        if (cache != null) {
            cache.put(resultKey, result);
        }
    }
}
