package io.colorcache.gateway.auth;

import io.colorcache.gateway.config.LimitsConfig;

/**
 * The limits that apply to one tenant: its key file line's, else the configured defaults.
 *
 * @param requestsPerSecond average request rate; 0: unlimited
 * @param burst             requests allowed at once above the rate
 * @param computationsPerDay new computations per UTC day; 0: unlimited
 */
public record TenantLimits(double requestsPerSecond, int burst, long computationsPerDay) {

    public static TenantLimits of(Tenant tenant, LimitsConfig defaults) {
        // The key file's lines are checked when it is read (ApiKeyFile): its limits are numbers.
        var own = tenant.limits();
        return new TenantLimits(
                own.containsKey("rps") ? Double.parseDouble(own.get("rps")) : defaults.requestsPerSecond(),
                own.containsKey("burst") ? Integer.parseInt(own.get("burst")) : defaults.burst(),
                own.containsKey("gpu-per-day") ? Long.parseLong(own.get("gpu-per-day")) : defaults.computationsPerDay());
    }

    public TenantLimits {
        if (requestsPerSecond < 0 || burst < 0 || computationsPerDay < 0) {
            throw new IllegalArgumentException("limits are never negative");
        }
    }
}
