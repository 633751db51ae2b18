package io.colorcache.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts one real redis-server for the Quarkus tests and points the Redis client at it: per test
 * class where a test restricts it to its class, else one for the test classes that share an
 * application.
 * Tests reach the same server through {@link #server()}.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of("quarkus.redis.hosts", server.uri());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    public static RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("RedisTestResource has not started");
        }
        return server;
    }
}
