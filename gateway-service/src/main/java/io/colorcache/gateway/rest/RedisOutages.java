package io.colorcache.gateway.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every request answered 503 {@code redis-unavailable}, counted
 * ({@code colorcache_gateway_redis_unavailable_total}, the chart's alert on Redis from the gateway).
 */
@Startup
@ApplicationScoped
public class RedisOutages {

    private final Counter refused;

    public RedisOutages(MeterRegistry meters) {
        this.refused = Counter.builder("colorcache.gateway.redis.unavailable")
                .description("Requests answered 503 redis-unavailable: Redis could not be reached").register(meters);
    }

    /** Counts a request answered {@code redis-unavailable} by a mapper. */
    void counted() {
        refused.increment();
    }

    /** Answers the request {@code redis-unavailable} before its body is read, and counts it. */
    void refuse(RoutingContext ctx, String detail) {
        refused.increment();
        ProblemWriter.refuseAndClose(ctx, ProblemType.REDIS_UNAVAILABLE, detail);
    }
}
