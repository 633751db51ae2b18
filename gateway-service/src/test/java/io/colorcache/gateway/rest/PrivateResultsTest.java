package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;

import io.colorcache.gateway.TestImages;
import io.colorcache.gateway.WorkerSteps;
import io.colorcache.protocol.NearIndexEntry;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Private results and erasure, attacked as a tenant would: one computation for two tenants' copies
 * of a photo, neither told of the other's upload, no fetch by hash without an own upload, and an
 * erasure that removes the photo from Redis and from L1 once its last holder lets go.
 */
@QuarkusTest
@TestProfile(PrivateResultsTest.Tenants.class)
@QuarkusTestResource(RedisTestResource.class)
class PrivateResultsTest {

    static final String ALICE = "alice-key-00000000000000000000000000000000";
    static final String BOB = "bob-key-1111111111111111111111111111111111";
    static final String CAROL = "carol-key-222222222222222222222222222222222";
    static final String OPERATOR = "operator-key-33333333333333333333333333333";
    static final Path KEY_FILE = TestKeyFile.path("private");

    public static class Tenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestKeyFile.write(KEY_FILE, TestKeyFile.line("alice", ALICE, "")
                    + TestKeyFile.line("bob", BOB, "")
                    + TestKeyFile.line("carol", CAROL, "")
                    + TestKeyFile.line("operator", OPERATOR, "diagnostics"));
            return Map.of("colorcache.auth.mode", "api-key", "colorcache.auth.api-keys-file", KEY_FILE.toString());
        }
    }

    private static Response submit(String key, byte[] photo) {
        return given().header("Authorization", "Bearer " + key).contentType("image/jpeg").accept("application/json")
                .body(photo).post("/v1/jobs");
    }

    private static Response colorize(String key, byte[] photo) {
        return given().header("Authorization", "Bearer " + key).contentType("image/jpeg").accept("image/jpeg")
                .body(photo).post("/v1/colorize");
    }

    private static Response fetch(String key, String sha) {
        return given().header("Authorization", "Bearer " + key).accept("image/jpeg").get("/v1/results/" + sha);
    }

    private static Response erase(String key, String what, String sha) {
        return given().header("Authorization", "Bearer " + key).delete("/v1/" + what + "/" + sha);
    }

    /** Alice's photo, computed once by "the worker": its SHA-256 and result key. */
    private static String computedForAlice(RespClient redis, byte[] photo) {
        long queued = redis.number("XLEN", TestKeys.KEYS.jobsStream());
        String jobId = submit(ALICE, photo).then().statusCode(202).extract().path("id");
        assertThat(redis.number("XLEN", TestKeys.KEYS.jobsStream())).isEqualTo(queued + 1);
        String resultKey = TestKeys.result(OutputFormat.JPEG, Sha256.hex(photo));
        WorkerSteps.done(redis, jobId, resultKey, TestImages.encoded("jpeg", 40, 30, 1));
        redis.run("DEL", TestKeys.KEYS.lock(resultKey));
        return Sha256.hex(photo);
    }

    @Test
    void aNearAnswerIsToldOnlyAsAHitWouldBe() {
        for (String tenant : List.of(BOB, OPERATOR)) {
            byte[] photo = TestImages.encoded("jpeg", 40, 30, tenant.equals(BOB) ? 9620 : 9621);
            String resultKey = TestKeys.result(OutputFormat.JPEG, Sha256.hex(photo));
            CompletableFuture<Response> call = CompletableFuture.supplyAsync(() -> colorize(tenant, photo));
            try (RespClient redis = RedisTestResource.server().client()) {
                String jobId = await().atMost(Duration.ofSeconds(5))
                        .until(() -> redis.string("GET", TestKeys.KEYS.lock(resultKey)), Objects::nonNull);
                WorkerSteps.doneNear(redis, jobId, resultKey, TestImages.encoded("jpeg", 40, 30, 2), true);
            }
            // Someone else's photo lent its colours: only the diagnostics right may learn that.
            call.join().then().statusCode(200).header("X-Cache", tenant.equals(BOB) ? "miss" : "near");
        }
    }

    @Test
    void twoTenantsShareOneComputationButNeitherLearnsOfTheOthersUpload() {
        byte[] photo = TestImages.encoded("jpeg", 40, 30, 9600);
        try (RespClient redis = RedisTestResource.server().client()) {
            String sha = computedForAlice(redis, photo);
            long queued = redis.number("XLEN", TestKeys.KEYS.jobsStream());

            colorize(BOB, photo).then().statusCode(200).header("X-Cache", "miss");
            assertThat(redis.number("XLEN", TestKeys.KEYS.jobsStream()))
                    .as("Bob's copy costs no computation").isEqualTo(queued);
            colorize(BOB, photo).then().statusCode(200).header("X-Cache", "hit");
            colorize(ALICE, photo).then().statusCode(200).header("X-Cache", "hit");
            colorize(OPERATOR, photo).then().statusCode(200).header("X-Cache", "hit");

            byte[] other = TestImages.encoded("jpeg", 40, 30, 9601);
            computedForAlice(redis, other);
            submit(BOB, other).then().statusCode(202);
            submit(BOB, other).then().statusCode(200);

            fetch(ALICE, sha).then().statusCode(200);
            fetch(BOB, sha).then().statusCode(200);
            Response probe = fetch(CAROL, sha);
            Response unknown = fetch(CAROL, Sha256.hex(new byte[] {1, 2, 3}));
            assertThat(probe.statusCode()).as("a hash alone opens nothing").isEqualTo(404).isEqualTo(unknown.statusCode());
            assertThat(probe.jsonPath().getString("type")).isEqualTo(unknown.jsonPath().getString("type"));
            assertThat(probe.jsonPath().getString("detail").replace(sha, "SHA"))
                    .isEqualTo(unknown.jsonPath().getString("detail").replace(Sha256.hex(new byte[] {1, 2, 3}), "SHA"));
            assertThat(probe.getHeader("X-Cache")).isNull();
            assertThat(headerNames(probe)).as("the same headers as for a photo nobody sent").isEqualTo(headerNames(unknown));
            Response probeHead = given().header("Authorization", "Bearer " + CAROL).head("/v1/results/" + sha);
            Response unknownHead = given().header("Authorization", "Bearer " + CAROL)
                    .head("/v1/results/" + Sha256.hex(new byte[] {1, 2, 3}));
            assertThat(probeHead.statusCode()).isEqualTo(404).isEqualTo(unknownHead.statusCode());
            assertThat(headerNames(probeHead)).isEqualTo(headerNames(unknownHead));
            given().header("Authorization", "Bearer " + CAROL).header("If-None-Match", "*")
                    .get("/v1/results/" + sha).then().statusCode(404);
        }
    }

    @Test
    void theLastHoldersErasureRemovesThePhotoFromRedisAndL1AndIsIdempotent() {
        byte[] photo = TestImages.encoded("jpeg", 40, 30, 9610);
        try (RespClient redis = RedisTestResource.server().client()) {
            String sha = computedForAlice(redis, photo);
            // What the worker leaves of a computed photo for near-duplicates: its colours and index members.
            NearIndexEntry near = new NearIndexEntry(0x0123456789abcdefL, sha);
            byte[] colours = java.nio.ByteBuffer.allocate(16).putInt(NearIndexEntry.COLOURS_MAGIC).putInt(64)
                    .putLong(near.hash()).array();
            redis.run("SET", TestKeys.KEYS.nearColors(TestKeys.MODEL, sha), colours, "EX", "600");
            for (String band : near.bandKeys(TestKeys.KEYS, TestKeys.MODEL)) {
                redis.run("ZADD", band, Long.toString(System.currentTimeMillis() + 600_000), near.member());
            }
            colorize(BOB, photo).then().statusCode(200);
            fetch(ALICE, sha).then().statusCode(200);
            String today = TestKeys.KEYS.frequency(LocalDate.now(ZoneOffset.UTC));
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.string("ZSCORE", today, sha) != null);
            assertThat(redis.number("EXISTS", TestKeys.KEYS.input(sha))).isOne();

            // A tenant that never held the photo erases nothing.
            erase(CAROL, "uploads", sha).then().statusCode(204);
            fetch(ALICE, sha).then().statusCode(200);

            erase(ALICE, "uploads", sha).then().statusCode(204);
            fetch(ALICE, sha).then().statusCode(404);
            fetch(BOB, sha).then().statusCode(200);
            assertThat(redis.number("EXISTS", TestKeys.KEYS.input(sha))).as("Bob still holds it").isOne();

            erase(BOB, "results", sha).then().statusCode(204);
            for (OutputFormat format : OutputFormat.values()) {
                assertThat(redis.number("EXISTS", TestKeys.result(format, sha))).isZero();
            }
            assertThat(redis.number("EXISTS", TestKeys.KEYS.input(sha))).isZero();
            assertThat(redis.number("EXISTS", TestKeys.KEYS.inputFirstStored(sha))).isZero();
            assertThat(redis.number("EXISTS", TestKeys.KEYS.holders(sha))).isZero();
            assertThat(redis.string("ZSCORE", today, sha)).isNull();
            assertThat(redis.number("EXISTS", TestKeys.KEYS.nearColors(TestKeys.MODEL, sha))).isZero();
            for (String band : near.bandKeys(TestKeys.KEYS, TestKeys.MODEL)) {
                assertThat(redis.string("ZSCORE", band, near.member())).as(band).isNull();
            }
            assertThat(redis.keysMentioning(sha)).as("keys naming or holding the hash: the job's record and stream"
                    + " entry are gone too").isEmpty();
            erase(BOB, "results", sha).then().statusCode(204);
            erase(CAROL, "uploads", sha).then().statusCode(204);

            // Had L1 kept its copy, a new upload would be answered from it; it must be computed again.
            long queued = redis.number("XLEN", TestKeys.KEYS.jobsStream());
            submit(ALICE, photo).then().statusCode(202);
            assertThat(redis.number("XLEN", TestKeys.KEYS.jobsStream())).isEqualTo(queued + 1);
        }
    }

    private static java.util.Set<String> headerNames(Response response) {
        return response.getHeaders().asList().stream().map(header -> header.getName().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** A job id opens its job only to tenants holding its photo: not to others, nor after its tenant erased it. */
    @Test
    void aJobIdAloneOpensNothing() {
        byte[] photo = TestImages.encoded("jpeg", 40, 30, 9612);
        try (RespClient redis = RedisTestResource.server().client()) {
            String jobId = submit(ALICE, photo).then().statusCode(202).extract().path("id");
            for (String path : List.of("", "/result", "/events")) {
                given().header("Authorization", "Bearer " + CAROL).get("/v1/jobs/" + jobId + path).then()
                        .statusCode(404).contentType("application/problem+json").body("type", endsWith("/job-not-found"));
            }
            String resultKey = TestKeys.result(OutputFormat.JPEG, Sha256.hex(photo));
            WorkerSteps.done(redis, jobId, resultKey, TestImages.encoded("jpeg", 40, 30, 1));
            redis.run("DEL", TestKeys.KEYS.lock(resultKey));
            given().header("Authorization", "Bearer " + ALICE).get("/v1/jobs/" + jobId).then().statusCode(200)
                    .body("state", org.hamcrest.Matchers.equalTo("done"));
            given().header("Authorization", "Bearer " + ALICE).get("/v1/jobs/" + jobId + "/result").then().statusCode(200);
            given().header("Authorization", "Bearer " + CAROL).get("/v1/jobs/" + jobId + "/result").then().statusCode(404);

            // Bob holds the photo too, so Alice's erasure only ends her hold: the result stays, not for her.
            colorize(BOB, photo).then().statusCode(200);
            erase(ALICE, "uploads", Sha256.hex(photo)).then().statusCode(204);
            given().header("Authorization", "Bearer " + ALICE).get("/v1/jobs/" + jobId + "/result").then().statusCode(404);
            given().header("Authorization", "Bearer " + ALICE).get("/v1/jobs/" + jobId).then().statusCode(404);
            fetch(BOB, Sha256.hex(photo)).then().statusCode(200);
        }
    }

    @Test
    void aJobStillQueuedAtTheErasureIsLeftToEnd() {
        byte[] photo = TestImages.encoded("jpeg", 40, 30, 9611);
        String sha = Sha256.hex(photo);
        try (RespClient redis = RedisTestResource.server().client()) {
            String jobId = submit(ALICE, photo).then().statusCode(202).extract().path("id");
            erase(ALICE, "uploads", sha).then().statusCode(204);
            assertThat(redis.number("EXISTS", TestKeys.KEYS.input(sha))).isZero();
            // Its worker will find the upload gone and fail it; removing its entry now would lose
            // the queue's count of its bytes.
            assertThat(redis.string("HGET", TestKeys.KEYS.job(jobId), "state")).isEqualTo("queued");
            assertThat(redis.list("SMEMBERS", TestKeys.KEYS.photoJobs(sha))).containsExactly(jobId);
        }
    }

    @Test
    void erasureRefusesWhatIsNotAHashAndAnyoneWithoutAKey() {
        erase(ALICE, "uploads", "not-a-hash").then().statusCode(400).contentType("application/problem+json");
        given().delete("/v1/uploads/" + Sha256.hex(new byte[1])).then().statusCode(401);
    }
}
