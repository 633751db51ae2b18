package io.colorcache.gateway.service;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.config.AuthConfig;
import io.colorcache.gateway.redis.PhotoHolders;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Private results: a tenant's upload holds the photo for it for the retention period, and only a
 * holder may fetch results by hash. Computation stays shared; only access is per tenant. Without
 * authentication there is one tenant, which holds everything, and nothing is recorded.
 */
@ApplicationScoped
public class PhotoAccess {

    private final PhotoHolders holders;
    private final boolean shared;
    private final long holdMillis;

    public PhotoAccess(PhotoHolders holders, AuthConfig auth, InputsConfig inputs) {
        this.holders = holders;
        this.shared = auth.mode() == AuthConfig.Mode.NONE;
        this.holdMillis = inputs.retain().period().toMillis();
    }

    /**
     * Records the tenant's upload of a photo; whether the tenant may be told how the cache answered
     * it: it has the diagnostics right, or it held the photo already.
     */
    public Uni<Boolean> uploaded(Tenant tenant, String sha256) {
        if (shared) {
            return Uni.createFrom().item(true);
        }
        return holders.hold(sha256, tenant.id(), System.currentTimeMillis() + holdMillis)
                .map(heldBefore -> heldBefore || tenant.diagnostics());
    }

    /** Whether the tenant may fetch the photo's results by its hash. */
    public Uni<Boolean> mayFetch(Tenant tenant, String sha256) {
        return shared ? Uni.createFrom().item(true) : holders.holds(sha256, tenant.id());
    }
}
