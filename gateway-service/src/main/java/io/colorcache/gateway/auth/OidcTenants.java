package io.colorcache.gateway.auth;

import io.colorcache.gateway.config.AuthConfig;
import io.colorcache.protocol.ApiKeys;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonString;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * OIDC mode: an access token, verified by quarkus-oidc (signature, expiry, issuer and audience as
 * configured under {@code quarkus.oidc}), names its tenant in a configurable claim.
 */
@ApplicationScoped
public class OidcTenants {

    /** A token that verified but names no usable tenant: 403, not 401, since a new token will not help. */
    public static final class NoTenantException extends RuntimeException {
        NoTenantException(String message) {
            super(message, null, false, false);
        }
    }

    private final Instance<TenantIdentityProvider> identities;
    private final AuthConfig.Mode mode;
    private final String tenantClaim;
    private final Optional<String> diagnosticsRole;

    public OidcTenants(Instance<TenantIdentityProvider> identities, AuthConfig config) {
        this.identities = identities;
        this.mode = config.mode();
        this.tenantClaim = config.oidc().tenantClaim();
        this.diagnosticsRole = config.oidc().diagnosticsRole();
    }

    void check(@Observes StartupEvent event) {
        boolean enabled = ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class)
                .orElse(true);
        if (mode == AuthConfig.Mode.OIDC && !enabled) {
            throw new IllegalStateException("colorcache.auth.mode=oidc needs quarkus.oidc.tenant-enabled=true and the"
                    + " issuer, quarkus.oidc.auth-server-url (or quarkus.oidc.public-key)");
        }
    }

    /**
     * The tenant of a bearer token; fails with quarkus' AuthenticationFailedException for a token that
     * does not verify, and {@link NoTenantException} for one without a valid tenant claim.
     */
    public Uni<Tenant> tenantOf(String token) {
        return identities.get().authenticate(new AccessTokenCredential(token)).map(this::tenant);
    }

    private Tenant tenant(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new NoTenantException("the token is not a JWT, so it names no tenant");
        }
        Object claim = jwt.getClaim(tenantClaim);
        String id = claim instanceof JsonString json ? json.getString() : claim instanceof String s ? s : null;
        if (id == null || !ApiKeys.TENANT_ID.matcher(id).matches()) {
            throw new NoTenantException("the token's claim " + tenantClaim
                    + " must name the tenant (1 to 64 letters, digits, '.', '_' or '-')");
        }
        boolean diagnostics = diagnosticsRole.map(identity::hasRole).orElse(false);
        return new Tenant(id, false, diagnostics, LimitOverrides.NONE);
    }
}
