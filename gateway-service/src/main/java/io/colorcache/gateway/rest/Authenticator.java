package io.colorcache.gateway.rest;

import io.colorcache.gateway.auth.ApiKeyRegistry;
import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.config.AuthConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates every {@code /v1} request before anything else runs, its body unread: in
 * api-key mode a missing or unknown key gets 401 (with {@code WWW-Authenticate}) and a suspended
 * tenant 403, and the connection is closed; the tenant of an accepted request is kept on its
 * routing context ({@link #tenantOf}). Health and metrics are not under {@code /v1}.
 */
@ApplicationScoped
public class Authenticator {

    static final String TENANT = Authenticator.class.getName() + ".tenant";
    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"colorcache\"";

    private final AuthConfig.Mode mode;
    private final ApiKeyRegistry keys;
    private final Map<String, Counter> refused;

    public Authenticator(AuthConfig config, ApiKeyRegistry keys, MeterRegistry meters) {
        this.mode = config.mode();
        this.keys = keys;
        this.refused = Map.of(
                "missing", refusals(meters, "missing"),
                "unknown", refusals(meters, "unknown"),
                "suspended", refusals(meters, "suspended"));
    }

    private static Counter refusals(MeterRegistry meters, String reason) {
        return Counter.builder("colorcache.gateway.auth.refused").tag("reason", reason)
                .description("Requests refused for their credentials").register(meters);
    }

    void install(@Observes Router router) {
        if (mode == AuthConfig.Mode.NONE) {
            Log.warn("colorcache.auth.mode=none: anyone who reaches this gateway may use it, and every result is"
                    + " readable by its hash. Use api-key outside a local run.");
        }
        router.route("/v1/*").order(Integer.MIN_VALUE).handler(this::authenticate);
    }

    /** The tenant an authenticated request belongs to. */
    public static Tenant tenantOf(RoutingContext ctx) {
        Tenant tenant = ctx.get(TENANT);
        if (tenant == null) {
            throw new IllegalStateException("request not authenticated: " + ctx.request().path());
        }
        return tenant;
    }

    private void authenticate(RoutingContext ctx) {
        if (mode == AuthConfig.Mode.NONE) {
            ctx.put(TENANT, Tenant.ANONYMOUS);
            ctx.next();
            return;
        }
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() == BEARER.length()) {
            refuse(ctx, "missing", ProblemType.UNAUTHORIZED, "Send your API key as Authorization: Bearer <key>.",
                    CHALLENGE);
            return;
        }
        Optional<Tenant> tenant = keys.tenantOf(authorization.substring(BEARER.length()).strip());
        if (tenant.isEmpty()) {
            refuse(ctx, "unknown", ProblemType.UNAUTHORIZED,
                    "This API key is not valid (mistyped, rotated or revoked).", CHALLENGE + ", error=\"invalid_token\"");
            return;
        }
        if (tenant.get().suspended()) {
            refuse(ctx, "suspended", ProblemType.FORBIDDEN, "Tenant " + tenant.get().id() + " is suspended.", null);
            return;
        }
        ctx.put(TENANT, tenant.get());
        ctx.next();
    }

    private void refuse(RoutingContext ctx, String reason, ProblemType problem, String detail, String challenge) {
        refused.get(reason).increment();
        if (challenge != null) {
            ctx.response().putHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        ProblemWriter.refuseAndClose(ctx, problem, detail);
    }
}
