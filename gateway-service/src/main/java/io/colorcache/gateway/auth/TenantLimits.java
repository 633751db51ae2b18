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
        try {
            return new TenantLimits(
                    Double.parseDouble(tenant.limits().getOrDefault("rps", Double.toString(defaults.requestsPerSecond()))),
                    Integer.parseInt(tenant.limits().getOrDefault("burst", Integer.toString(defaults.burst()))),
                    Long.parseLong(tenant.limits().getOrDefault("gpu-per-day",
                            Long.toString(defaults.computationsPerDay()))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tenant " + tenant.id() + ": a limit is not a number: " + e.getMessage());
        }
    }

    public TenantLimits {
        if (requestsPerSecond < 0 || burst < 0 || computationsPerDay < 0) {
            throw new IllegalArgumentException("limits are never negative");
        }
    }
}
