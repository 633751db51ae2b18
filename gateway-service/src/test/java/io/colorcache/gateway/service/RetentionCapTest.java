package io.colorcache.gateway.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.common.redis.UploadLifetimes;
import io.colorcache.gateway.TestImages;
import io.colorcache.gateway.WorkerSteps;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No upload outlives {@code retain.max-age} from when it was first stored, however often it is kept again. */
@QuarkusTest
@TestProfile(RetentionCapTest.ShortMaxAge.class)
@QuarkusTestResource(RedisTestResource.class)
class RetentionCapTest {

    public static class ShortMaxAge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("colorcache.inputs.retain.max-age", "3s");
        }
    }

    @Inject
    UploadLifetimes uploads;

    @Test
    void keepingAnUploadAgainNeverMovesItsEndPastTheCapFromItsFirstStore() throws InterruptedException {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 9501);
        String sha = Sha256.hex(upload);
        Duration week = Duration.ofDays(7);
        try (RespClient redis = RedisTestResource.server().client()) {
            uploads.keepAtLeast(sha, upload, week).await().atMost(Duration.ofSeconds(5));
            assertThat(redis.number("PTTL", TestKeys.KEYS.input(sha))).isBetween(1L, 3000L);

            Thread.sleep(1500);
            uploads.keepAtLeast(sha, upload, week).await().atMost(Duration.ofSeconds(5));
            assertThat(uploads.extend(sha, week).await().atMost(Duration.ofSeconds(5))).isTrue();
            assertThat(redis.number("PTTL", TestKeys.KEYS.input(sha))).as("still counted from the first store")
                    .isBetween(1L, 1600L);

            await().atMost(Duration.ofSeconds(5)).until(() -> redis.number("EXISTS", TestKeys.KEYS.input(sha)) == 0);
            assertThat(uploads.extend(sha, week).await().atMost(Duration.ofSeconds(5))).as("gone for good").isFalse();
        }
    }

    /**
     * Over HTTP: a photo asked for often enough to be retained for the full period is still gone
     * at the cap, though it is uploaded again until shortly before and its result fetched by hash
     * all along. (An upload after the cap is a new upload, with a cap of its own.)
     */
    @Test
    void neitherFetchesNorRepeatedUploadsKeepAnUploadPastTheCap() {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 9502);
        String sha = Sha256.hex(upload);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("ZADD", TestKeys.KEYS.frequency(LocalDate.now(ZoneOffset.UTC).minusDays(1)), "2", sha);
            String jobId = given().contentType("image/jpeg").body(upload).post("/v1/jobs").then().statusCode(202)
                    .extract().path("id");
            String resultKey = TestKeys.result(OutputFormat.JPEG, sha);
            WorkerSteps.done(redis, jobId, resultKey, TestImages.encoded("jpeg", 24, 24, 9503));
            redis.run("DEL", TestKeys.KEYS.lock(resultKey));
            long capAt = Long.parseLong(redis.string("GET", TestKeys.KEYS.inputFirstStored(sha))) + 3_000;

            while (System.currentTimeMillis() < capAt + 1_000) {
                given().get("/v1/results/" + sha).then().statusCode(200);
                if (System.currentTimeMillis() < capAt - 500) {
                    given().contentType("image/jpeg").body(upload).post("/v1/jobs").then().statusCode(200);
                }
                long left = redis.number("PTTL", TestKeys.KEYS.input(sha));
                if (left >= 0) { // within a Redis round trip of the cap, never the 7 days retention would give
                    assertThat(System.currentTimeMillis() + left).as("never past the cap").isLessThanOrEqualTo(capAt + 500);
                }
            }
            assertThat(redis.number("EXISTS", TestKeys.KEYS.input(sha))).as("gone at the cap").isZero();
            given().get("/v1/results/" + sha).then().statusCode(200);
        }
    }
}
