package io.colorcache.gateway.auth;

import io.colorcache.protocol.ApiKeys;
import java.util.Objects;

/**
 * A client of the gateway, as its API key or token names it.
 *
 * @param id          the tenant id (key file, or the token's tenant claim)
 * @param suspended   whether its keys are refused (403) while it stays known
 * @param diagnostics whether it is told how the cache answered, even for photos it never uploaded
 *                    ({@code X-Cache}); other tenants see their own history only
 * @param limits      the limits its key file line sets
 * @param callbackHosts the hosts its callbacks may go to
 */
public record Tenant(String id, boolean suspended, boolean diagnostics, LimitOverrides limits,
        CallbackHosts callbackHosts) {

    /** The one tenant of {@code colorcache.auth.mode=none}: it sees everything, there is no one else. */
    public static final Tenant ANONYMOUS = new Tenant("anonymous", false, true, LimitOverrides.NONE);

    public Tenant {
        if (id == null || !ApiKeys.TENANT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a tenant id is 1 to 64 letters, digits, '.', '_' or '-': " + id);
        }
        Objects.requireNonNull(limits);
        Objects.requireNonNull(callbackHosts);
    }

    /** A tenant whose callbacks may go to any host the address policy allows. */
    public Tenant(String id, boolean suspended, boolean diagnostics, LimitOverrides limits) {
        this(id, suspended, diagnostics, limits, CallbackHosts.ANY);
    }

    /** A tenant with the default limits and no diagnostics right. */
    public static Tenant of(String id) {
        return new Tenant(id, false, false, LimitOverrides.NONE);
    }
}
