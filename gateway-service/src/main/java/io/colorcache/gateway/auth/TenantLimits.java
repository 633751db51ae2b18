package io.colorcache.gateway.auth;

import io.colorcache.gateway.config.LimitsConfig;

/**
 * The limits that apply to one tenant: its key file line's, else the configured defaults.
 *
 * @param requestsPerSecond average request rate; 0: unlimited
 * @param burst             requests allowed at once above the rate
 * @param computationsPerDay new computations per UTC day; 0: unlimited
 * @param uploadBytesInFlight bytes of uploads being received at once, across gateways; 0: unlimited
 */
public record TenantLimits(double requestsPerSecond, int burst, long computationsPerDay, long uploadBytesInFlight) {

    public static TenantLimits of(Tenant tenant, LimitsConfig defaults) {
        LimitOverrides own = tenant.limits();
        return new TenantLimits(
                own.requestsPerSecond() != null ? own.requestsPerSecond() : defaults.requestsPerSecond(),
                own.burst() != null ? own.burst() : defaults.burst(),
                own.computationsPerDay() != null ? own.computationsPerDay() : defaults.computationsPerDay(),
                own.uploadBytesInFlight() != null ? own.uploadBytesInFlight() : defaults.uploadBytesInFlight());
    }

    public TenantLimits {
        if (requestsPerSecond < 0 || burst < 0 || computationsPerDay < 0 || uploadBytesInFlight < 0) {
            throw new IllegalArgumentException("limits are never negative");
        }
    }
}
