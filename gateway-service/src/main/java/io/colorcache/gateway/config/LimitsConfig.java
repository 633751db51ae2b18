package io.colorcache.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Each tenant's default limits, enforced across every gateway through Redis; a key file line
 * overrides them for its tenant ({@code rps=}, {@code burst=}, {@code gpu-per-day=},
 * {@code upload-bytes=}). 0 is no limit.
 */
@ConfigMapping(prefix = "colorcache.limits")
public interface LimitsConfig {

    /** Requests per second a tenant may make on average (cache hits included); 0: unlimited. */
    @WithDefault("0")
    double requestsPerSecond();

    /** Requests a tenant may make at once above that rate, after a quiet spell. */
    @WithDefault("10")
    int burst();

    /** Computations (new photos sent to the GPUs) a tenant may start per UTC day; 0: unlimited. */
    @WithDefault("0")
    long computationsPerDay();

    /**
     * Bytes of uploads a tenant may be sending at once, across gateways: each upload reserves its
     * declared length (the body limit when chunked) until its body is read; 0: unlimited.
     */
    @WithDefault("0")
    long uploadBytesInFlight();
}
