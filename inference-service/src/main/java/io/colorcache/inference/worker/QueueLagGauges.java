package io.colorcache.inference.worker;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.inference.redis.JobStream;
import io.colorcache.protocol.KeySchema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code colorcache.inference.queue.lag{stream=interactive|warm}}: jobs on each stream not yet
 * delivered to any worker, read from Redis every {@code lag-refresh-interval}. The same value in
 * every worker; scale on its max (an HPA on an external metric, or KEDA reading Redis itself).
 */
@ApplicationScoped
public class QueueLagGauges {

    private final JobStream streams;
    private final String group;
    private final long refreshMillis;
    private final Map<String, String> streamsByTag;
    private final Map<String, AtomicReference<Double>> lags = Map.of(
            "interactive", new AtomicReference<>(Double.NaN), "warm", new AtomicReference<>(Double.NaN));
    private ScheduledExecutorService refresher;

    public QueueLagGauges(JobStream streams, KeySchema keys, WorkerConfig config, JobsConfig jobs,
            MeterRegistry meters) {
        this.streams = streams;
        this.group = jobs.group();
        this.refreshMillis = config.lagRefreshInterval().toMillis();
        this.streamsByTag = Map.of("interactive", keys.jobsStream(), "warm", keys.warmJobsStream());
        lags.forEach((tag, value) -> Gauge.builder("colorcache.inference.queue.lag", value, AtomicReference::get)
                .tag("stream", tag)
                .description("Jobs on the stream not yet delivered to a worker (NaN while unknown)")
                .register(meters));
    }

    void onStart(@Observes StartupEvent event) {
        refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("queue-lag").factory());
        refresher.scheduleWithFixedDelay(this::refresh, 0, refreshMillis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** The last value read for a stream ("interactive" or "warm"); NaN while unknown. */
    public double current(String stream) {
        return lags.get(stream).get();
    }

    private void refresh() {
        streamsByTag.forEach((tag, stream) -> {
            try {
                lags.get(tag).set((double) streams.lag(stream, group));
            } catch (RuntimeException e) {
                lags.get(tag).set(Double.NaN);
                Log.debugf("Queue lag of %s unknown: %s", stream, e.getMessage());
            }
        });
    }
}
