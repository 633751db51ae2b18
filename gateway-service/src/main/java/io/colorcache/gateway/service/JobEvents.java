package io.colorcache.gateway.service;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.protocol.JobState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /v1/jobs/{id}/events}: a job's state as Server-Sent Events. Each open stream reads
 * Redis once per re-check interval, so streams are counted: at most {@code max-streams} on this
 * gateway and {@code max-streams-per-tenant} for one tenant, each open at most
 * {@code max-lifetime}.
 */
@ApplicationScoped
public class JobEvents {

    /** Why a stream may not open now. */
    public enum Refusal {
        TENANT_FULL,
        GATEWAY_FULL
    }

    private final JobViews views;
    private final GatewayConfig config;
    private final AtomicInteger open = new AtomicInteger();
    /** Open streams per tenant; each change is one atomic step on the map, and a tenant at 0 has no entry. */
    private final Map<String, Integer> openPerTenant = new ConcurrentHashMap<>();

    public JobEvents(JobViews views, GatewayConfig config, MeterRegistry meters) {
        this.views = views;
        this.config = config;
        Gauge.builder("colorcache.gateway.event.streams", open, AtomicInteger::get)
                .description("Server-Sent Event streams of jobs open on this gateway").register(meters);
    }

    /** Why the tenant may not open one more stream now; null when it may. */
    public Refusal refusal(Tenant tenant) {
        if (open.get() >= config.events().maxStreams()) {
            return Refusal.GATEWAY_FULL;
        }
        return openPerTenant.getOrDefault(tenant.id(), 0) >= config.events().maxStreamsPerTenant()
                ? Refusal.TENANT_FULL : null;
    }

    /**
     * The job now, then each change (each read while it is queued, whose position moves), until
     * it is done or failed, or the stream's lifetime ends. Redis is read at the re-check interval;
     * the reads stop when the client goes away.
     */
    public Multi<JobView> events(Tenant tenant, String jobId) {
        return Multi.createFrom().deferred(() -> {
            AtomicReference<String> last = new AtomicReference<>();
            return Multi.createBy().repeating()
                    .uni(() -> views.view(tenant, jobId).map(found -> found.orElseThrow(() -> JobUnavailableException.unknown(jobId))))
                    .withDelay(config.recheckInterval())
                    .whilst(view -> !view.isFinal())
                    .select().where(view -> !view.state().equals(last.getAndSet(view.state()))
                            || JobState.QUEUED.token().equals(view.state()))
                    .select().first(config.events().maxLifetime());
        })
                .onSubscription().invoke(() -> {
                    open.incrementAndGet();
                    openPerTenant.merge(tenant.id(), 1, Integer::sum);
                })
                .onTermination().invoke(() -> {
                    open.decrementAndGet();
                    openPerTenant.computeIfPresent(tenant.id(), (id, count) -> count <= 1 ? null : count - 1);
                });
    }
}
