package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.notNullValue;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acceptance that waits for a replica, on a Redis that has none: every new job is refused with
 * 503 not-durable and counted, yet it stays queued with its lock, so a retry joins it.
 */
@QuarkusTest
@TestProfile(NotDurableTest.OneReplicaRequired.class)
@QuarkusTestResource(RedisTestResource.class)
class NotDurableTest {

    public static class OneReplicaRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("colorcache.jobs.durability.replicas", "1",
                    "colorcache.jobs.durability.timeout", "100ms");
        }
    }

    @Test
    void aJobNoReplicaHoldsIsRefusedCountedAndKeptForTheRetry() {
        byte[] upload = TestImages.encoded("jpeg", 40, 30, 8801);
        for (int attempt = 0; attempt < 2; attempt++) {
            given().contentType("image/jpeg").body(upload).post("/v1/jobs")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("type", endsWith("/not-durable"))
                    .body("detail", containsString("0 of the 1 replicas"));
        }
        String resultKey = TestKeys.result(OutputFormat.JPEG, Sha256.hex(upload));
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(redis.string("GET", TestKeys.KEYS.lock(resultKey))).as("the job keeps its lock").isNotNull();
            assertThat(redis.list("XRANGE", TestKeys.KEYS.jobsStream(), "-", "+").toString())
                    .as("one job queued, the retry joined it").containsOnlyOnce(resultKey);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("colorcache_gateway_jobs_not_durable_total 2.0");
    }
}
