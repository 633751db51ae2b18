package io.colorcache.gateway.rest;

import io.colorcache.gateway.auth.ApiKeyRegistry;
import io.colorcache.gateway.auth.OidcTenants;
import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.config.AuthConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates every {@code /v1} request before anything else runs, its body unread: a missing
 * or unknown API key, or an OIDC token that does not verify, gets 401 (with
 * {@code WWW-Authenticate}); a suspended tenant, or a token naming no tenant, 403; the connection
 * is then closed. The tenant of an accepted request is kept on its routing context
 * ({@link #tenantOf}). Health and metrics are on the management port, outside {@code /v1}.
 */
@ApplicationScoped
public class Authenticator {

    static final String TENANT = Authenticator.class.getName() + ".tenant";
    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"colorcache\"";

    private final AuthConfig.Mode mode;
    private final ApiKeyRegistry keys;
    private final OidcTenants tokens;
    private final Map<String, Counter> refused;

    public Authenticator(AuthConfig config, ApiKeyRegistry keys, OidcTenants tokens, MeterRegistry meters) {
        this.mode = config.mode();
        this.keys = keys;
        this.tokens = tokens;
        this.refused = Map.of(
                "missing", refusals(meters, "missing"),
                "unknown", refusals(meters, "unknown"),
                "suspended", refusals(meters, "suspended"),
                "no-tenant", refusals(meters, "no-tenant"));
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
        router.route("/v1/*").order(RouteOrder.AUTHENTICATE).handler(this::authenticate);
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
            refuse(ctx, "missing", ProblemType.UNAUTHORIZED, mode == AuthConfig.Mode.OIDC
                    ? "Send your access token as Authorization: Bearer <token>."
                    : "Send your API key as Authorization: Bearer <key>.", CHALLENGE);
            return;
        }
        String credential = authorization.substring(BEARER.length()).strip();
        if (mode == AuthConfig.Mode.OIDC) {
            verifyToken(ctx, credential);
            return;
        }
        Optional<Tenant> tenant = keys.tenantOf(credential);
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

    /** Paused while the token is verified. */
    private void verifyToken(RoutingContext ctx, String token) {
        PausedRequest.await(ctx, tokens.tenantOf(token), tenant -> {
            ctx.put(TENANT, tenant);
            ctx.request().resume();
            ctx.next();
        }, failure -> {
            if (failure instanceof OidcTenants.NoTenantException noTenant) {
                refuse(ctx, "no-tenant", ProblemType.FORBIDDEN, noTenant.getMessage(), null);
            } else {
                if (failure instanceof AuthenticationFailedException) {
                    Log.debugf(failure, "Token refused");
                } else {
                    Log.warnf(failure, "Token not verified");
                }
                refuse(ctx, "unknown", ProblemType.UNAUTHORIZED,
                        "This token is not valid (expired, not signed by the issuer, or not for this service).",
                        CHALLENGE + ", error=\"invalid_token\"");
            }
        });
    }

    private void refuse(RoutingContext ctx, String reason, ProblemType problem, String detail, String challenge) {
        refused.get(reason).increment();
        if (challenge != null) {
            ctx.response().putHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        ProblemWriter.refuseAndClose(ctx, problem, detail);
    }
}
