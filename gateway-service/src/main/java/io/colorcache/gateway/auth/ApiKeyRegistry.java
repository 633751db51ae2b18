package io.colorcache.gateway.auth;

import io.colorcache.gateway.config.AuthConfig;
import io.colorcache.protocol.ApiKeys;
import io.colorcache.protocol.Sha256;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The API keys of {@code colorcache.auth.api-keys-file}, by the SHA-256 of each key. The file is
 * read at start-up (a missing or unreadable file stops the start) and again every
 * {@code reload-interval}: a changed file replaces the keys at once, so keys are added, rotated
 * and revoked without a restart (a Secret mounted as a file changes in place). A file that cannot
 * be read later keeps the keys read before.
 */
@ApplicationScoped
public class ApiKeyRegistry {

    private final AuthConfig config;
    private final Vertx vertx;
    private volatile Map<String, Tenant> keys = Map.of();
    private volatile String loadedDigest = "";
    private long timer = -1;

    public ApiKeyRegistry(AuthConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (config.mode() != AuthConfig.Mode.API_KEY) {
            return;
        }
        Path file = config.apiKeysFile().orElseThrow(() -> new IllegalStateException(
                "colorcache.auth.mode=api-key needs colorcache.auth.api-keys-file, the file of API keys"));
        read(file).ifPresentOrElse(this::load, () -> {
            throw new IllegalStateException("cannot read the API key file " + file);
        });
        timer = vertx.setPeriodic(config.reloadInterval().toMillis(), id -> vertx.executeBlocking(() -> {
            read(file).ifPresentOrElse(this::load, () -> Log.errorf(
                    "Cannot read the API key file %s; keeping the %d keys read before", file, keys.size()));
            return null;
        }, false));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The tenant whose key this is; empty for a key that is not (or no longer) in the file. */
    public Optional<Tenant> tenantOf(String key) {
        return Optional.ofNullable(keys.get(ApiKeys.hash(key)));
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | UncheckedIOException e) {
            Log.debugf("API key file %s: %s", file, e.getMessage());
            return Optional.empty();
        }
    }

    private synchronized void load(String content) {
        String digest = Sha256.hex(content.getBytes(StandardCharsets.UTF_8));
        if (digest.equals(loadedDigest)) {
            return;
        }
        ApiKeyFile parsed = ApiKeyFile.parse(content);
        parsed.problems().forEach(problem -> Log.warnf("API key file, %s: line skipped", problem));
        keys = parsed.keys();
        loadedDigest = digest;
        Log.infof("API keys loaded: %d keys of %d tenants", parsed.keys().size(),
                parsed.keys().values().stream().map(Tenant::id).distinct().count());
    }
}
