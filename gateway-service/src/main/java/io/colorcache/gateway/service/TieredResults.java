package io.colorcache.gateway.service;

import io.colorcache.gateway.redis.ResultCache;
import io.colorcache.protocol.OutputFormat;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Results as every caller looks them up: L1 (this process), then L2 (Redis, which refreshes the
 * result's lifetime), a result found in L2 promoted into L1.
 */
@ApplicationScoped
public class TieredResults {

    private final L1Cache l1;
    private final ResultCache l2;

    public TieredResults(L1Cache l1, ResultCache l2) {
        this.l1 = l1;
        this.l2 = l2;
    }

    /** The result under {@code resultKey}, as a hit from L1 or L2; empty when neither has it. */
    public Uni<Optional<ColorizedImage>> find(String resultKey, OutputFormat format) {
        byte[] cached = l1.get(resultKey);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(new ColorizedImage(cached, format, resultKey, Outcome.HIT_L1)));
        }
        return l2.get(resultKey).map(bytes -> {
            if (bytes == null) {
                return Optional.empty();
            }
            l1.put(resultKey, bytes);
            return Optional.of(new ColorizedImage(bytes, format, resultKey, Outcome.HIT_L2));
        });
    }

    /** Whether a result exists, without reading it from Redis. */
    public Uni<Boolean> exists(String resultKey) {
        return l1.get(resultKey) != null ? Uni.createFrom().item(true) : l2.exists(resultKey);
    }
}
