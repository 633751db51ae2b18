package io.colorcache.gateway.rest;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.auth.TenantLimits;
import io.colorcache.gateway.config.LimitsConfig;
import io.colorcache.gateway.redis.RedisUnavailability;
import io.colorcache.gateway.redis.TenantQuotas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Each tenant's request rate, across every gateway (GCRA in Redis, {@link TenantQuotas}), checked
 * right after authentication and before the body is read: cache hits count too. A request over
 * the rate gets 429 {@code rate-limited} with {@code Retry-After}; every answer to a limited
 * tenant carries the IETF {@code RateLimit-Policy} and {@code RateLimit} headers.
 */
@ApplicationScoped
public class RequestRateLimit {

    static final String POLICY = "RateLimit-Policy";
    static final String STATE = "RateLimit";

    private final TenantQuotas quotas;
    private final RedisOutages outages;
    private final LimitsConfig defaults;
    private final Counter limited;

    public RequestRateLimit(TenantQuotas quotas, LimitsConfig defaults, MeterRegistry meters, RedisOutages outages) {
        this.outages = outages;
        this.quotas = quotas;
        this.defaults = defaults;
        this.limited = Counter.builder("colorcache.gateway.rate.limited")
                .description("Requests refused for their tenant's request rate").register(meters);
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(RouteOrder.RATE_LIMIT).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        Tenant tenant = Authenticator.tenantOf(ctx);
        TenantLimits limits = TenantLimits.of(tenant, defaults);
        if (limits.requestsPerSecond() <= 0) {
            ctx.next();
            return;
        }
        PausedRequest.await(ctx, quotas.admit(tenant.id(), limits.requestsPerSecond(), limits.burst()),
                decision -> decide(ctx, tenant, limits, decision), failure -> failed(ctx, tenant, failure));
    }

    private void decide(RoutingContext ctx, Tenant tenant, TenantLimits limits, TenantQuotas.RateDecision decision) {
        long window = Math.max(1, Math.round(Math.ceil((limits.burst() + 1) / limits.requestsPerSecond())));
        ctx.response().putHeader(POLICY, "\"requests\";q=" + (limits.burst() + 1) + ";w=" + window);
        ctx.response().putHeader(STATE,
                "\"requests\";r=" + decision.remaining() + ";t=" + seconds(decision.resetMillis()));
        if (decision.allowed()) {
            ctx.request().resume();
            ctx.next();
            return;
        }
        limited.increment();
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds(decision.retryAfterMillis())));
        ProblemWriter.refuseAndClose(ctx, ProblemType.RATE_LIMITED, "tenant " + tenant.id() + " may make "
                + limits.requestsPerSecond() + " requests per second (bursts of " + (limits.burst() + 1)
                + "); retry after the time in Retry-After");
    }

    private void failed(RoutingContext ctx, Tenant tenant, Throwable failure) {
        if (!RedisUnavailability.causedBy(failure)) {
            Log.errorf(failure, "Rate limit of %s not checked", tenant.id());
        }
        outages.refuse(ctx, "the request rate cannot be checked; retry later");
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
