package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.colorcache.gateway.TestImages;
import io.colorcache.gateway.WorkerSteps;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant limits from the key file, kept in Redis for every gateway: the request rate, the day's
 * computations and the upload bytes in flight.
 */
@QuarkusTest
@TestProfile(TenantLimitsTest.LimitedTenants.class)
@QuarkusTestResource(RedisTestResource.class)
class TenantLimitsTest {

    static final String FREE = "free-key-000000000000000000000000000000000";
    static final String STEADY = "steady-key-11111111111111111111111111111111";
    static final String FRUGAL = "frugal-key-22222222222222222222222222222222";
    static final String SENDER = "sender-key-3333333333333333333333333333333";
    static final Path KEY_FILE = TestKeyFile.path("limits");

    @TestHTTPResource
    URL base;

    public static class LimitedTenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestKeyFile.write(KEY_FILE, TestKeyFile.line("free", FREE, "")
                    + TestKeyFile.line("steady", STEADY, "rps=0.5,burst=1")
                    + TestKeyFile.line("frugal", FRUGAL, "gpu-per-day=1")
                    + TestKeyFile.line("sender", SENDER, "upload-bytes=100000"));
            return Map.of("colorcache.auth.mode", "api-key", "colorcache.auth.api-keys-file", KEY_FILE.toString());
        }
    }

    private static Response lookUp(String key, int seed) {
        return given().header("Authorization", "Bearer " + key)
                .get("/v1/results/" + Sha256.hex(TestImages.encoded("jpeg", 40, 30, seed)));
    }

    private static Response submit(String key, byte[] photo) {
        return given().header("Authorization", "Bearer " + key).contentType("image/jpeg").body(photo).post("/v1/jobs");
    }

    @Test
    void aTenantWithoutLimitsIsNeverRefused() {
        for (int i = 0; i < 8; i++) {
            lookUp(FREE, 9400 + i).then().statusCode(404);
        }
    }

    @Test
    void aTenantOverItsRateGets429WithRetryAfterAndTheRateLimitHeaders() {
        lookUp(STEADY, 9410).then().statusCode(404)
                .header("RateLimit-Policy", "\"requests\";q=2;w=4")
                .header("RateLimit", matchesPattern("\"requests\";r=1;t=\\d+"));
        lookUp(STEADY, 9411).then().statusCode(404).header("RateLimit", matchesPattern("\"requests\";r=0;t=\\d+"));
        lookUp(STEADY, 9412).then().statusCode(429).contentType("application/problem+json")
                .body("type", endsWith("/rate-limited")).body("detail", containsString("tenant steady"))
                .header("Retry-After", matchesPattern("[12]"))
                .header("RateLimit-Policy", "\"requests\";q=2;w=4")
                .header("RateLimit", matchesPattern("\"requests\";r=0;t=\\d+"));
        // A key-less or unknown request is refused before the rate is looked at.
        given().get("/v1/results/" + Sha256.hex(new byte[1])).then().statusCode(401);
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(redis.string("GET", TestKeys.KEYS.requestRate("steady")))
                    .as("the rate lives in Redis, shared by every gateway").isNotNull();
            assertThat(redis.number("EXISTS", TestKeys.KEYS.requestRate("free"))).isZero();
        }
    }

    @Test
    void aTenantWithoutComputationsLeftIsRefusedNewPhotosButMayJoinOnesInFlight() {
        byte[] first = TestImages.encoded("jpeg", 40, 30, 9420);
        byte[] second = TestImages.encoded("jpeg", 40, 30, 9421);
        String firstJob = submit(FRUGAL, first).then().statusCode(202).extract().path("id");
        submit(FRUGAL, second).then().statusCode(429).contentType("application/problem+json")
                .body("type", endsWith("/computation-quota-exceeded"))
                .header("Retry-After", matchesPattern("\\d+"))
                .header("RateLimit-Policy", "\"computations\";q=1;w=86400");
        submit(FRUGAL, first).then().statusCode(202);
        // Another tenant's computation of the refused photo is its own.
        submit(FREE, second).then().statusCode(202);
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(redis.string("GET", TestKeys.KEYS.computations("frugal", LocalDate.now(ZoneOffset.UTC))))
                    .isEqualTo("1");
            assertThat(redis.string("GET", TestKeys.KEYS.lock(TestKeys.result(OutputFormat.JPEG, Sha256.hex(first)))))
                    .as("the first photo's job is queued").isNotNull();

            // Once computed, the photo is a cache hit: served to the tenant without a computation left,
            // and not counted as one.
            String resultKey = TestKeys.result(OutputFormat.JPEG, Sha256.hex(first));
            WorkerSteps.done(redis, firstJob, resultKey, TestImages.encoded("jpeg", 40, 30, 1));
            redis.run("DEL", TestKeys.KEYS.lock(resultKey));
            submit(FRUGAL, first).then().statusCode(200).body("state", equalTo("done"));
            assertThat(redis.string("GET", TestKeys.KEYS.computations("frugal", LocalDate.now(ZoneOffset.UTC))))
                    .isEqualTo("1");
        }
    }

    @Test
    void aTenantsSlowUploadHoldsItsUploadBytesUntilItEndsAcrossGateways() throws Exception {
        byte[] photo = TestImages.encoded("jpeg", 40, 30, 9430);
        try (Socket slow = new Socket(base.getHost(), base.getPort());
                RespClient redis = RedisTestResource.server().client()) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + SENDER
                    + "\r\nContent-Type: image/jpeg\r\nContent-Length: 80000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]);
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.number("ZCARD", TestKeys.KEYS.uploadsInFlight("sender")) == 1);

            submit(SENDER, new byte[30_000]).then().statusCode(429).contentType("application/problem+json")
                    .body("type", endsWith("/upload-bytes-exceeded"))
                    .body("detail", containsString("80000 are in flight"))
                    .header("Retry-After", "1")
                    .header("RateLimit-Policy", "\"upload-bytes\";q=100000")
                    .header("RateLimit", "\"upload-bytes\";r=20000");
            submit(SENDER, photo).then().statusCode(202).header("RateLimit", matchesPattern("\"upload-bytes\";r=\\d+"));
            submit(FREE, new byte[30_000]).then().statusCode(415);
        }
        try (RespClient redis = RedisTestResource.server().client()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.number("ZCARD", TestKeys.KEYS.uploadsInFlight("sender")) == 0);
        }
        submit(SENDER, new byte[30_000]).then().statusCode(415);
    }
}
