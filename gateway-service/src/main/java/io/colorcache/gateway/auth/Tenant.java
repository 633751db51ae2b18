package io.colorcache.gateway.auth;

import io.colorcache.protocol.ApiKeys;
import java.util.Map;

/**
 * A client of the gateway, as its API key names it.
 *
 * @param id        the tenant id of the key file
 * @param suspended whether its keys are refused (403) while it stays known
 * @param limits    its limits from the key file ({@code name=value}), empty when it has none
 */
public record Tenant(String id, boolean suspended, Map<String, String> limits) {

    /** The one tenant of {@code colorcache.auth.mode=none}. */
    public static final Tenant ANONYMOUS = new Tenant("anonymous", false, Map.of());

    public Tenant {
        if (id == null || !ApiKeys.TENANT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a tenant id is 1 to 64 letters, digits, '.', '_' or '-': " + id);
        }
        limits = Map.copyOf(limits);
    }
}
