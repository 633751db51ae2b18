package io.colorcache.common.redis;

import io.colorcache.protocol.RedisServerVersion;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses a Redis older than Colorcache supports ({@link RedisServerVersion}), in every service,
 * before it does any work, the cache's Redis and the queue's where that is another: one clear log line naming the server's version and the minimum, and
 * the process ends with exit code 1. A Redis that does not answer at start-up is checked as soon
 * as it does, so a service may still start before its Redis.
 */
@ApplicationScoped
public class RedisServerCheck {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(3);

    private final Redis cache;
    private final Redis queue;

    public RedisServerCheck(Redis cache, @RedisClientName(QueueRedis.NAME) Redis queue) {
        this.cache = cache;
        this.queue = queue;
    }

    /** Checks the cache's Redis, and the queue's where it is another. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        String cacheHosts = hosts("quarkus.redis.hosts");
        String queueHosts = hosts("quarkus.redis.queue.hosts");
        check(cache, withoutCredentials(cacheHosts));
        if (!queueHosts.equals(cacheHosts)) {
            check(queue, withoutCredentials(queueHosts) + " (queue)");
        }
    }

    private static String hosts(String key) {
        return ConfigProvider.getConfig().getOptionalValue(key, String.class).orElse("the configured Redis");
    }

    private void check(Redis redis, String address) {
        RedisServerVersion server;
        try {
            server = serverVersion(redis).await().atMost(STARTUP_WAIT);
        } catch (RuntimeException unreachable) {
            Optional<SSLException> tls = tlsFailure(unreachable);
            if (tls.isPresent()) {
                Log.error(tlsRefusal(tls.get(), address));
                throw new RedisTlsException(tls.get());
            }
            Log.warnf("Redis at %s did not answer at start-up (%s); its version is checked once it does",
                    address, unreachable.getMessage());
            serverVersion(redis).onFailure(failure -> tlsFailure(failure).isEmpty()).retry()
                    .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                    .subscribe().with(checked -> acceptOrExit(checked, address), failure -> {
                        Log.error(tlsRefusal(tlsFailure(failure).orElseThrow(), address));
                        Quarkus.asyncExit(1);
                    });
            return;
        }
        if (!server.isSupported()) {
            Log.error(server.refusal(address));
            throw new UnsupportedRedisException(server);
        }
        Log.infof("Using %s at %s", server, address);
    }

    private static void acceptOrExit(RedisServerVersion server, String address) {
        if (server.isSupported()) {
            Log.infof("Using %s at %s", server, address);
        } else {
            Log.error(server.refusal(address));
            Quarkus.asyncExit(1);
        }
    }

    /** The server's product and version, from {@code INFO server}. */
    private static Uni<RedisServerVersion> serverVersion(Redis redis) {
        return redis.send(Request.cmd(Command.INFO).arg("server"))
                .map(reply -> RedisServerVersion.fromInfo(reply.toString()));
    }

    /** The TLS handshake failure behind {@code failure}, if that is what it is. */
    static Optional<SSLException> tlsFailure(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return Optional.of(ssl);
            }
        }
        return Optional.empty();
    }

    private static String tlsRefusal(SSLException failure, String address) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root == failure ? failure.getMessage() : failure.getMessage() + ": " + root.getMessage();
        return "TLS to Redis at " + address + " failed: " + reason + ". The server's certificate must"
                + " be signed by a CA in the trust store of the TLS configuration that"
                + " quarkus.redis.tls-configuration-name names (quarkus.tls.<name>.trust-store.pem.certs), and name"
                + " the host connected to.";
    }

    /** {@code redis://user:secret@host:6379} as {@code redis://host:6379}, for logs. */
    static String withoutCredentials(String hosts) {
        return hosts.replaceAll("//[^/@,]*@", "//");
    }

    /** Ends the start-up, without a stack trace: the TLS failure is the line already logged. */
    static final class RedisTlsException extends RuntimeException {
        RedisTlsException(SSLException cause) {
            super("TLS to Redis failed: " + cause.getMessage(), null, false, false);
        }
    }

    /** Ends the start-up, without a stack trace: the refusal is the line already logged. */
    static final class UnsupportedRedisException extends RuntimeException {
        UnsupportedRedisException(RedisServerVersion server) {
            super("unsupported Redis server: " + server, null, false, false);
        }
    }
}
