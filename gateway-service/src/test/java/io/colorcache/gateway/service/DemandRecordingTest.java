package io.colorcache.gateway.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * What the gateway records for the cache warmer, read back from a real Redis: request counts per
 * day, and uploads retained only for photos asked for at least {@code retain.min-requests} (3)
 * times in the window.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class DemandRecordingTest {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    private static final long SIX_DAYS_MS = Duration.ofDays(6).toMillis();

    private static String day(int daysAgo) {
        return KEYS.frequency(LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo));
    }

    private static void submit(byte[] upload) {
        given().contentType("image/jpeg").body(upload).post("/v1/jobs").then().statusCode(202);
    }

    private static RespClient redis() {
        return RedisTestResource.server().client();
    }

    private static long todayCount(RespClient redis, String sha) {
        Object score = redis.string("ZSCORE", day(0), sha);
        return score == null ? 0 : Long.parseLong(score.toString());
    }

    @Test
    void everyRequestIsCountedInTodaysSetWhichExpiresAfterTheWindow() {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 301);
        String sha = Sha256.hex(upload);
        for (int i = 0; i < 2; i++) {
            submit(upload);
        }
        try (RespClient redis = redis()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> todayCount(redis, sha) == 2);
            long ttl = redis.number("TTL", day(0));
            assertThat(ttl).as("7 days of window plus one").isBetween(Duration.ofDays(7).toSeconds(),
                    Duration.ofDays(8).toSeconds());
        }
    }

    @Test
    void aPhotoAskedForOnceKeepsItsUploadOnlyWhileQueued() {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 302);
        String sha = Sha256.hex(upload);
        submit(upload);
        try (RespClient redis = redis()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> todayCount(redis, sha) == 1);
            assertThat(redis.number("PTTL", KEYS.input(sha))).isBetween(1L, HOUR_MS);
        }
    }

    @Test
    void theThirdRequestInTheWindowRetainsTheUploadForTheRetentionPeriod() {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 303);
        String sha = Sha256.hex(upload);
        try (RespClient redis = redis()) {
            redis.run("ZADD", day(3), "1", sha);
            redis.run("ZADD", day(8), "50", sha); // outside the window: does not count
            submit(upload);
            await().atMost(Duration.ofSeconds(5)).until(() -> todayCount(redis, sha) == 1);
            assertThat(redis.number("PTTL", KEYS.input(sha))).as("2 in the window").isLessThanOrEqualTo(HOUR_MS);

            submit(upload);
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.number("PTTL", KEYS.input(sha)) > SIX_DAYS_MS);
        }
    }

    @Test
    void aQueuedJobNeverShortensARetainedUpload() {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 304);
        String sha = Sha256.hex(upload);
        try (RespClient redis = redis()) {
            redis.run("SET", KEYS.input(sha), upload, "PX", Long.toString(Duration.ofDays(7).toMillis()));
            submit(upload);
            await().atMost(Duration.ofSeconds(5)).until(() -> todayCount(redis, sha) == 1);
            assertThat(redis.number("PTTL", KEYS.input(sha))).isGreaterThan(SIX_DAYS_MS);
        }
    }

    /**
     * The attack on the privacy bound: a third party who knows only the hash GETs the result again
     * and again. Each GET counts for the warmer, but none keeps the upload stored (it once renewed
     * it to the full retention period, indefinitely).
     */
    @Test
    void aResultFetchedByHashCountsButNeverRenewsTheStoredUpload() {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 305);
        String sha = Sha256.hex(upload);
        try (RespClient redis = redis()) {
            redis.run("SET", TestKeys.result(OutputFormat.JPEG, sha), TestImages.encoded("jpeg", 24, 24, 306));
            redis.run("SET", KEYS.input(sha), upload, "PX", "600000");
            redis.run("ZADD", day(1), "2", sha);

            for (int i = 0; i < 3; i++) {
                given().get("/v1/results/" + sha).then().statusCode(200);
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> todayCount(redis, sha) == 3);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> redis.number("PTTL", KEYS.input(sha)) <= 600_000);
        }
    }

    @Test
    void anUnknownHashIsNotCounted() {
        String sha = "e".repeat(64);
        given().get("/v1/results/" + sha).then().statusCode(404);
        try (RespClient redis = redis()) {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> todayCount(redis, sha) == 0);
        }
    }
}
