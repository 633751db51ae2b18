package io.colorcache.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.colorcache.gateway.service.CompletionWaiters;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Redis goes away and comes back: 503 with Retry-After meanwhile, readiness down, then full recovery by itself. */
@QuarkusTest
// Its own Redis and application: it kills and restarts Redis, and the tests sharing the others'
// must not meet a subscription still coming back.
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class RedisOutageTest {

    @Inject
    CompletionWaiters waiters;

    @Test
    void answers503WhileRedisIsDownAndRecoversByItself() {
        byte[] upload = TestImages.encoded("jpeg", 30, 30, 61);
        byte[] result = TestImages.encoded("jpeg", 30, 30, 62);
        String key = TestKeys.result(OutputFormat.JPEG, Sha256.hex(upload));
        given().get("/q/health/ready").then().statusCode(200);
        double refusedBefore = redisUnavailable();

        RedisTestResource.server().kill();
        try {
            long start = System.nanoTime();
            Response down = given().contentType("image/jpeg").body(upload).post("/v1/colorize");
            down.then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", equalTo("https://colorcache.io/problems/redis-unavailable"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast, no hang").isLessThan(Duration.ofSeconds(15));
            given().contentType("image/jpeg").body(upload).post("/v1/jobs").then().statusCode(503);
            given().get("/v1/results/" + Sha256.hex(upload)).then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
            assertThat(redisUnavailable() - refusedBefore).as("each 503 counted for the alert").isEqualTo(3.0);
        } finally {
            RedisTestResource.server().restart();
        }

        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", key, result, "EX", "600");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        Response back = given().contentType("image/jpeg").body(upload).post("/v1/colorize");
        back.then().statusCode(200).header("X-Cache", "hit");
        assertThat(back.asByteArray()).isEqualTo(result);
        assertThat(waiters.size()).as("no waiter left behind by the outage").isZero();
    }

    /** colorcache_gateway_redis_unavailable_total, which ColorcacheRedisUnavailable alerts on. */
    private static double redisUnavailable() {
        java.util.regex.Matcher value = java.util.regex.Pattern
                .compile("(?m)^colorcache_gateway_redis_unavailable_total(?:\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(given().get("/q/metrics").asString());
        assertThat(value.find()).as("the counter is exported").isTrue();
        return Double.parseDouble(value.group(1));
    }
}
