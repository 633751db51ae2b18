package io.colorcache.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.colorcache.common.config.InputsConfig;
import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.config.AuthConfig;
import io.colorcache.gateway.redis.PhotoHolders;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Private results: a tenant's upload holds the photo for it for the retention period, and only a
 * holder may fetch results by hash. Computation stays shared; only access is per tenant. Without
 * authentication there is one tenant, which holds everything, and nothing is recorded.
 *
 * <p>Holds this process recorded or read are remembered until they end, so a repeat costs no
 * Redis round trip: an upload renews its hold in Redis at most once per {@link #RENEWAL} (the
 * hold may thus end up to that much before {@code period} after the last upload), and a fetch by
 * hash of a remembered hold asks nobody. An erasure, announced to every gateway, forgets the photo.
 */
@ApplicationScoped
public class PhotoAccess {

    static final Duration RENEWAL = Duration.ofHours(1);
    private static final int REMEMBERED_PHOTOS = 100_000;

    private final PhotoHolders holders;
    private final boolean shared;
    private final long holdMillis;
    private final long renewBelowMillis;
    /** SHA-256 -> tenant -> when its hold ends (ms), as this process last wrote or read it. */
    private final Cache<String, Map<String, Long>> remembered = Caffeine.newBuilder()
            .maximumSize(REMEMBERED_PHOTOS).build();

    public PhotoAccess(PhotoHolders holders, AuthConfig auth, InputsConfig inputs) {
        this.holders = holders;
        this.shared = auth.mode() == AuthConfig.Mode.NONE;
        this.holdMillis = inputs.retain().period().toMillis();
        this.renewBelowMillis = holdMillis - Math.min(RENEWAL.toMillis(), holdMillis / 2);
    }

    /**
     * Records the tenant's upload of a photo; whether the tenant may be told how the cache answered
     * it: it has the diagnostics right, or it held the photo already.
     */
    public Uni<Boolean> uploaded(Tenant tenant, String sha256) {
        if (shared) {
            return Uni.createFrom().item(true);
        }
        long now = System.currentTimeMillis();
        Long until = heldUntil(sha256, tenant);
        if (until != null && until - now > renewBelowMillis) {
            return Uni.createFrom().item(true);
        }
        long newUntil = now + holdMillis;
        return holders.hold(sha256, tenant.id(), newUntil).map(heldBefore -> {
            remember(sha256, tenant, newUntil);
            return heldBefore || tenant.diagnostics();
        });
    }

    /** Whether the tenant may fetch the photo's results by its hash. */
    public Uni<Boolean> mayFetch(Tenant tenant, String sha256) {
        if (shared) {
            return Uni.createFrom().item(true);
        }
        Long until = heldUntil(sha256, tenant);
        if (until != null && until > System.currentTimeMillis()) {
            return Uni.createFrom().item(true);
        }
        return holders.heldUntil(sha256, tenant.id()).map(found -> {
            boolean held = found > System.currentTimeMillis();
            if (held) {
                remember(sha256, tenant, found);
            }
            return held;
        });
    }

    /** Forgets every remembered hold on the photo: it was erased, here or on another gateway. */
    public void forget(String sha256) {
        remembered.invalidate(sha256);
    }

    /** Forgets the tenant's remembered hold: it let go of the photo. */
    public void forget(String sha256, String tenant) {
        Map<String, Long> tenants = remembered.getIfPresent(sha256);
        if (tenants != null) {
            tenants.remove(tenant);
        }
    }

    private Long heldUntil(String sha256, Tenant tenant) {
        Map<String, Long> tenants = remembered.getIfPresent(sha256);
        return tenants == null ? null : tenants.get(tenant.id());
    }

    private void remember(String sha256, Tenant tenant, long until) {
        remembered.get(sha256, sha -> new ConcurrentHashMap<>()).merge(tenant.id(), until, Math::max);
    }
}
