package io.colorcache.gateway.rest;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.auth.TenantLimits;
import io.colorcache.gateway.config.LimitsConfig;
import io.colorcache.gateway.redis.RedisUnavailability;
import io.colorcache.gateway.redis.TenantQuotas;
import io.colorcache.protocol.JobIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Duration;

/**
 * Each tenant's upload bytes in flight, across every gateway ({@link TenantQuotas}): an upload
 * reserves its declared length (the body limit when chunked) before a byte of it is read, and
 * gives it back when its request ends. One over the tenant's limit gets 429
 * {@code upload-bytes-exceeded} with {@code Retry-After} and the {@code RateLimit} headers, so
 * that one tenant's slow or parallel uploads cannot take every gateway's upload budget.
 */
@ApplicationScoped
public class TenantUploadBytes {

    /** A reservation whose gateway died lapses after this; a live upload gives it back at its end. */
    static final Duration LAPSE = Duration.ofMinutes(10);

    private final TenantQuotas quotas;
    private final RedisOutages outages;
    private final LimitsConfig defaults;
    private final UploadValidator validator;
    private final Counter refused;

    public TenantUploadBytes(TenantQuotas quotas, LimitsConfig defaults, UploadValidator validator,
            MeterRegistry meters, RedisOutages outages) {
        this.outages = outages;
        this.quotas = quotas;
        this.defaults = defaults;
        this.validator = validator;
        this.refused = Counter.builder("colorcache.gateway.upload.bytes.limited")
                .description("Uploads refused for their tenant's upload bytes in flight").register(meters);
    }

    void install(@Observes Router router) {
        for (String path : new String[] {"/v1/colorize", "/v1/jobs"}) {
            router.route(HttpMethod.POST, path).order(RouteOrder.TENANT_UPLOAD_BYTES).handler(this::reserve);
        }
    }

    private void reserve(RoutingContext ctx) {
        Tenant tenant = Authenticator.tenantOf(ctx);
        long limit = TenantLimits.of(tenant, defaults).uploadBytesInFlight();
        if (limit <= 0) {
            ctx.next();
            return;
        }
        long declared = BodyLimitFilter.declaredLength(ctx.request());
        long bytes = declared >= 0 ? declared : validator.maxBytes();
        String reservation = JobIds.next();
        Uni<Long> reserving = quotas.reserveUploadBytes(tenant.id(), reservation, bytes, limit, LAPSE.toMillis());
        PausedRequest.await(ctx, reserving, left -> {
            ctx.response().headers().add(RequestRateLimit.POLICY, "\"upload-bytes\";q=" + limit);
            if (left >= 0) {
                ctx.response().headers().add(RequestRateLimit.STATE, "\"upload-bytes\";r=" + left);
                ctx.addEndHandler(ended -> quotas.releaseUploadBytes(tenant.id(), reservation, bytes)
                        .subscribe().with(ok -> { }, failure -> Log.debugf(
                                "Upload reservation of %s not given back (it lapses): %s", tenant.id(),
                                failure.getMessage())));
                ctx.request().resume();
                ctx.next();
                return;
            }
            refused.increment();
            long inFlight = -1 - left;
            ctx.response().headers().add(RequestRateLimit.STATE,
                    "\"upload-bytes\";r=" + Math.max(0, limit - inFlight));
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            ProblemWriter.refuseAndClose(ctx, ProblemType.UPLOAD_BYTES_EXCEEDED, "tenant " + tenant.id()
                    + " may be sending " + limit + " bytes of uploads at once; " + inFlight
                    + " are in flight and this upload declares " + bytes + " (the body limit when chunked)");
        }, failure -> {
            if (!RedisUnavailability.causedBy(failure)) {
                Log.errorf(failure, "Upload bytes of %s not checked", tenant.id());
            }
            outages.refuse(ctx, "the upload bytes in flight cannot be checked; retry later");
        });
    }
}
