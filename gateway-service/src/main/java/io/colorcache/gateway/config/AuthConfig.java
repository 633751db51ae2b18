package io.colorcache.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Who may use the gateway: the authentication mode and its API keys. */
@ConfigMapping(prefix = "colorcache.auth")
public interface AuthConfig {

    /**
     * {@code none}: anyone who reaches the gateway may use it, as one anonymous tenant (local runs;
     * logged loudly at start-up). {@code api-key}: every {@code /v1} request carries
     * {@code Authorization: Bearer <key>}, a key of {@link #apiKeysFile()}. {@code oidc}: it carries
     * an OIDC access token instead, verified by quarkus-oidc ({@code quarkus.oidc.auth-server-url},
     * or {@code quarkus.oidc.public-key}), its tenant named by {@link Oidc#tenantClaim()}.
     */
    @WithDefault("none")
    Mode mode();

    enum Mode {
        NONE,
        API_KEY,
        OIDC
    }

    /**
     * The API keys, one per line: {@code tenant-id:hex-sha256-of-the-key}, optionally followed by
     * {@code :limits} ({@code suspended}, or comma-separated {@code name=value}). Keys are stored
     * only as their SHA-256. Required in api-key mode; read again when it changes.
     */
    Optional<Path> apiKeysFile();

    /** How often the key file is read again; a changed file takes effect without a restart. */
    @WithDefault("5s")
    Duration reloadInterval();

    /** OIDC mode. */
    Oidc oidc();

    interface Oidc {

        /** The access token's claim that names the tenant (1 to 64 letters, digits, '.', '_' or '-'). */
        @WithDefault("tenant")
        String tenantClaim();

        /**
         * A role (quarkus-oidc's roles, from the {@code groups} claim by default) that grants the
         * diagnostics right.
         */
        Optional<String> diagnosticsRole();
    }
}
