package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.colorcache.gateway.TestImages;
import io.colorcache.gateway.WorkerSteps;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The gateway against a real Redis, with this test playing the worker's part where one is
 * needed: L2 and L1 hits, enqueue on a miss, the deadline, and a failure reported by a worker.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class ColorizeCacheTest {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private static final String MODEL = "ddcolor-test@0123abcd";

    private static String resultKey(String format, byte[] upload) {
        return KEYS.result(new ModelRef("ddcolor-test", "0123abcd"), OutputFormat.fromToken(format).orElseThrow(),
                Sha256.hex(upload));
    }

    @Test
    void l2HitRefreshesTheTtlThenL1Answers() {
        byte[] upload = TestImages.encoded("jpeg", 40, 30, 10);
        byte[] result = TestImages.encoded("jpeg", 40, 30, 99);
        String key = resultKey("jpeg", upload);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", key, result, "EX", "100");

            Response first = given().contentType("image/jpeg").body(upload).post("/v1/colorize");
            first.then().statusCode(200).contentType("image/jpeg").header("X-Cache", "hit")
                    .header("ETag", "\"" + MODEL + ":jpeg:" + Sha256.hex(upload) + "\"")
                    .header("Cache-Control", "private, max-age=604800, immutable");
            assertThat(first.asByteArray()).isEqualTo(result);
            assertThat(redis.number("TTL", key)).as("GETEX refreshed the TTL").isGreaterThan(600_000);

            redis.run("DEL", key);
            Response second = given().contentType("image/jpeg").body(upload).post("/v1/colorize");
            second.then().statusCode(200).header("X-Cache", "hit");
            assertThat(second.asByteArray()).as("served from L1 without Redis").isEqualTo(result);
        }
        given().get("/q/metrics").then().body(containsString("colorcache_gateway_requests_total{outcome=\"hit_l1\"}"))
                .body(containsString("colorcache_gateway_requests_total{outcome=\"hit_l2\"}"));
    }

    @Test
    void multipartUploadsAreServedToo() {
        byte[] upload = TestImages.encoded("png", 20, 20, 11);
        byte[] result = TestImages.encoded("png", 20, 20, 98);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", resultKey("png", upload), result, "EX", "100");
        }
        Response response = given().multiPart("image", "photo.png", upload, "image/png").post("/v1/colorize");
        response.then().statusCode(200).contentType("image/png").header("X-Cache", "hit");
        assertThat(response.asByteArray()).isEqualTo(result);
    }

    @Test
    void aMissEnqueuesOneJobAndTimesOutWith504NamingIt() {
        byte[] upload = TestImages.encoded("jpeg", 48, 32, 12);
        String sha = Sha256.hex(upload);
        Response response = given().contentType("image/jpeg").accept("image/png").body(upload).post("/v1/colorize");
        response.then().statusCode(504).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://colorcache.io/problems/job-timeout"))
                .body("jobId", matchesPattern("[0-9a-f]{32}"));
        String jobId = response.path("jobId");

        try (RespClient redis = RedisTestResource.server().client()) {
            JobMessage job = WorkerSteps.jobFor(redis, sha);
            assertThat(job.jobId()).isEqualTo(jobId);
            assertThat(job.resultKey()).isEqualTo(resultKey("png", upload));
            assertThat(redis.bytes("GET", KEYS.input(sha))).isEqualTo(upload);
            assertThat(redis.string("GET", KEYS.lock(job.resultKey()))).isEqualTo(jobId);
            assertThat(redis.job(KEYS.job(jobId)).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        }
    }

    @Test
    void aWorkerFailureAnswersAtOnceWithItsStableDetail() {
        byte[] upload = TestImages.encoded("jpeg", 50, 30, 13);
        String sha = Sha256.hex(upload);
        CompletableFuture<Response> call = postLater(upload, "/v1/colorize");
        try (RespClient redis = RedisTestResource.server().client()) {
            JobMessage job = awaitJob(redis, sha);
            redis.run("PUBLISH", KEYS.doneChannel(), Completion.failed(job.resultKey(), job.jobId(),
                    FailureCode.UNDECODABLE_IMAGE, "Unsupported JPEG process").encode());
            call.join().then().statusCode(422)
                    .body("type", equalTo("https://colorcache.io/problems/undecodable-image"))
                    .body("detail", equalTo(FailureCode.UNDECODABLE_IMAGE.publicDetail()))
                    .body("jobId", equalTo(job.jobId()));
        }
    }

    @Test
    void aResultWrittenWithoutAMessageIsStillFoundByTheRecheck() {
        byte[] upload = TestImages.encoded("jpeg", 52, 30, 14);
        byte[] result = TestImages.encoded("jpeg", 52, 30, 97);
        String sha = Sha256.hex(upload);
        CompletableFuture<Response> call = postLater(upload, "/v1/colorize");
        try (RespClient redis = RedisTestResource.server().client()) {
            JobMessage job = awaitJob(redis, sha);
            redis.run("SET", job.resultKey(), result, "EX", "100");
            Response response = call.join();
            response.then().statusCode(200).header("X-Cache", "miss");
            assertThat(response.asByteArray()).isEqualTo(result);
        }
    }

    /** The job on cc:jobs for this upload, or null. */
    @SuppressWarnings("unchecked")
    @Test
    void aResultRenderedFromANearDuplicateIsAnsweredNearAndItsRepeatIsAHit() {
        for (boolean announced : new boolean[] {true, false}) {
            byte[] upload = TestImages.encoded("jpeg", 56, 30, announced ? 16 : 17);
            byte[] result = TestImages.encoded("jpeg", 56, 30, 99);
            String sha = Sha256.hex(upload);
            CompletableFuture<Response> call = postLater(upload, "/v1/colorize");
            try (RespClient redis = RedisTestResource.server().client()) {
                JobMessage job = awaitJob(redis, sha);
                assertThat(job.nearAllowed()).isTrue();
                // Without the message, the re-check reads the job's record.
                WorkerSteps.doneNear(redis, job.jobId(), job.resultKey(), result, announced);
                Response response = call.join();
                response.then().statusCode(200).header("X-Cache", "near");
                assertThat(response.asByteArray()).isEqualTo(result);
                given().contentType("image/jpeg").body(upload).post("/v1/colorize").then().statusCode(200)
                        .header("X-Cache", "hit");
            }
        }
        given().get("/q/metrics").then().body(containsString("colorcache_gateway_requests_total{outcome=\"near\"} 2.0"));
    }

    @Test
    void matchExactTravelsToTheWorkerAndAnyOtherMatchIsRefused() {
        byte[] upload = TestImages.encoded("jpeg", 58, 30, 18);
        String sha = Sha256.hex(upload);
        CompletableFuture<Response> call = postLater(upload, "/v1/colorize?match=exact");
        try (RespClient redis = RedisTestResource.server().client()) {
            JobMessage job = awaitJob(redis, sha);
            assertThat(job.nearAllowed()).as("match=exact").isFalse();
            WorkerSteps.done(redis, job.jobId(), job.resultKey(), upload);
            call.join().then().statusCode(200).header("X-Cache", "miss");
        }
        given().contentType("image/jpeg").body(upload).post("/v1/colorize?match=closest").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://colorcache.io/problems/invalid-parameter"))
                .body("detail", containsString("closest"));
    }

    /** A JPEG upload posted on another thread, so the test can act as the worker meanwhile. */
    private static CompletableFuture<Response> postLater(byte[] upload, String path) {
        return CompletableFuture.supplyAsync(() -> given().contentType("image/jpeg").body(upload).post(path));
    }

    /** The job the gateway put on the stream for the photo, once it is there. */
    private static JobMessage awaitJob(RespClient redis, String sha) {
        return await().atMost(Duration.ofSeconds(2)).until(() -> WorkerSteps.jobFor(redis, sha), j -> j != null);
    }
}
