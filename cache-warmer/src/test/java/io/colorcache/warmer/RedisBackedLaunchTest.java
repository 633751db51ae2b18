package io.colorcache.warmer;

import io.colorcache.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A real redis-server for the launches of one test class, named to the app by system property. */
abstract class RedisBackedLaunchTest {

    static RedisServer redisServer;

    @BeforeAll
    static void startRedis() {
        redisServer = RedisServer.start();
        System.setProperty("quarkus.redis.hosts", redisServer.uri());
    }

    @AfterAll
    static void stopRedis() {
        System.clearProperty("quarkus.redis.hosts");
        redisServer.close();
    }
}
