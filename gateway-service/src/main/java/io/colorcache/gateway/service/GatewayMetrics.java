package io.colorcache.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Requests by outcome and their latency histogram per outcome; jobs refused as not durable. */
@Startup
@ApplicationScoped
public class GatewayMetrics {

    private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Timer> latency = new EnumMap<>(Outcome.class);
    private final Counter notDurable;

    public GatewayMetrics(MeterRegistry meters) {
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, Counter.builder("colorcache.gateway.requests")
                    .description("Colorize requests by outcome")
                    .tag("outcome", outcome.metricTag())
                    .register(meters));
            latency.put(outcome, Timer.builder("colorcache.gateway.request.duration")
                    .description("Colorize request latency by outcome")
                    .tag("outcome", outcome.metricTag())
                    .publishPercentileHistogram()
                    .register(meters));
        }
        notDurable = Counter.builder("colorcache.gateway.jobs.not.durable")
                .description("New jobs answered 503 not-durable: fewer replicas than colorcache.jobs.durability.replicas"
                        + " held them in time")
                .register(meters);
    }

    /** A new job that too few replicas held in time. */
    public void notDurable() {
        notDurable.increment();
    }

    public void record(Outcome outcome, long startNanos) {
        requests.get(outcome).increment();
        latency.get(outcome).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
