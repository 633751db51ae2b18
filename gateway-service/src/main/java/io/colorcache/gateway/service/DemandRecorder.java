package io.colorcache.gateway.service;

import io.colorcache.common.config.FrequencyConfig;
import io.colorcache.common.config.InputsConfig;
import io.colorcache.common.redis.UploadLifetimes;
import io.colorcache.gateway.redis.RequestFrequencies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records that a photo was asked for, for the cache warmer, off the response's path: the
 * request never waits for it and never fails because of it. When a photo reaches
 * {@code retain.min-requests} in the window, an upload of it keeps it for the retention period,
 * renewed at most about once a day while uploads of it go on, and never past
 * {@code retain.max-age} after it was first stored.
 */
@ApplicationScoped
public class DemandRecorder {

    private final RequestFrequencies frequencies;
    private final UploadLifetimes inputs;
    private final boolean enabled;
    private final int maxInFlight;
    private final int minRequests;
    private final Duration period;
    private final long renewBelowMillis;
    private final long maxUploadBytesHeld;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong uploadBytesHeld = new AtomicLong();
    private final Counter dropped;
    private final Counter failed;
    private final Counter retained;

    public DemandRecorder(RequestFrequencies frequencies, UploadLifetimes inputs, FrequencyConfig frequency,
            InputsConfig inputsConfig, MeterRegistry meters) {
        this.frequencies = frequencies;
        this.inputs = inputs;
        this.enabled = frequency.enabled();
        this.maxInFlight = frequency.maxInFlight();
        this.maxUploadBytesHeld = frequency.maxUploadBytesHeld();
        this.minRequests = inputsConfig.retain().minRequests();
        this.period = inputsConfig.retain().period();
        Duration slack = period.dividedBy(2).compareTo(Duration.ofDays(1)) < 0 ? period.dividedBy(2) : Duration.ofDays(1);
        this.renewBelowMillis = period.minus(slack).toMillis();
        this.dropped = Counter.builder("colorcache.gateway.demand.uncounted")
                .description("Requests not counted for the warmer because too many counts were in flight")
                .register(meters);
        this.failed = Counter.builder("colorcache.gateway.demand.failures")
                .description("Request counts or upload retentions that Redis refused")
                .register(meters);
        this.retained = Counter.builder("colorcache.gateway.inputs.retained")
                .description("Uploads stored or renewed for the retention period")
                .register(meters);
    }

    /** Counts a request with its upload; the upload may be retained. */
    public void record(String sha256, byte[] upload) {
        recordAsync(sha256, upload);
    }

    /** Counts a request by SHA-256 alone (no upload): it counts for the warmer, but renews no retention. */
    public void record(String sha256) {
        recordAsync(sha256, null);
    }

    private void recordAsync(String sha256, byte[] upload) {
        if (!enabled) {
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            dropped.increment();
            return;
        }
        byte[] held = hold(upload);
        frequencies.count(sha256)
                .chain(demand -> retain(sha256, held, demand))
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    if (held != null) {
                        uploadBytesHeld.addAndGet(-held.length);
                    }
                })
                .subscribe().with(ignored -> { }, failure -> {
                    failed.increment();
                    Log.debugf("Request for %s not counted: %s", sha256, failure.getMessage());
                });
    }

    /** The upload if it fits within the bytes that batches may hold, else null (counted without it). */
    private byte[] hold(byte[] upload) {
        if (upload == null) {
            return null;
        }
        if (uploadBytesHeld.addAndGet(upload.length) > maxUploadBytesHeld) {
            uploadBytesHeld.addAndGet(-upload.length);
            return null;
        }
        return upload;
    }

    private Uni<Void> retain(String sha256, byte[] upload, RequestFrequencies.Demand demand) {
        boolean due = demand.inputTtlMillis() != -1 && demand.inputTtlMillis() < renewBelowMillis;
        // Only an upload renews retention: whoever merely knows a photo's hash cannot keep it stored.
        if (minRequests <= 0 || !due || upload == null) {
            return Uni.createFrom().voidItem();
        }
        // Today's count often settles it; the earlier days are read only when it does not.
        Uni<Boolean> wanted = demand.todayRequests() >= minRequests
                ? Uni.createFrom().item(true)
                : frequencies.earlierDays(sha256).map(earlier -> demand.todayRequests() + earlier >= minRequests);
        return wanted.chain(yes -> {
            if (!yes) {
                return Uni.createFrom().voidItem();
            }
            return inputs.keepAtLeast(sha256, upload, period).invoke(() -> retained.increment());
        });
    }
}
