package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import com.sun.net.httpserver.HttpServer;
import io.colorcache.gateway.TestImages;
import io.colorcache.gateway.WorkerSteps;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.protocol.WebhookSignature;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The asynchronous job API against a real Redis, with this test doing the worker's part. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class JobsApiTest {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private static final String MODEL = "ddcolor-test@0123abcd";

    @TestHTTPResource
    URL base;

    private static String resultKey(String format, byte[] upload) {
        return KEYS.result(new ModelRef("ddcolor-test", "0123abcd"), OutputFormat.fromToken(format).orElseThrow(),
                Sha256.hex(upload));
    }

    private static Response submit(byte[] upload) {
        return given().contentType("image/jpeg").body(upload).post("/v1/jobs");
    }

    @Test
    void aSubmissionIsQueuedThenServedWhenDone() {
        byte[] upload = TestImages.encoded("jpeg", 40, 30, 21);
        Response accepted = submit(upload);
        accepted.then().statusCode(202).contentType("application/json")
                .header("Location", containsString("/v1/jobs/"))
                .body("state", equalTo("queued"))
                .body("sha256", equalTo(Sha256.hex(upload)))
                .body("format", equalTo("jpeg"))
                .body("queuePosition", greaterThanOrEqualTo(1))
                .body("timings.enqueuedAt", notNullValue())
                .body("links.result", containsString("/result"));
        String id = accepted.path("id");
        assertThat(accepted.header("Location")).endsWith("/v1/jobs/" + id);

        given().get("/v1/jobs/" + id + "/result").then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://colorcache.io/problems/job-not-done"))
                .body("jobId", equalTo(id));

        byte[] result = TestImages.encoded("jpeg", 40, 30, 91);
        try (RespClient redis = RedisTestResource.server().client()) {
            WorkerSteps.running(redis, id);
            given().get("/v1/jobs/" + id).then().statusCode(200).body("state", equalTo("running"))
                    .body("attempts", equalTo(1));
            WorkerSteps.done(redis, id, resultKey("jpeg", upload), result);
        }
        given().get("/v1/jobs/" + id).then().statusCode(200).body("state", equalTo("done"))
                .body("timings.finishedAt", notNullValue());
        Response image = given().get("/v1/jobs/" + id + "/result");
        image.then().statusCode(200).contentType("image/jpeg").header("ETag", containsString(Sha256.hex(upload)));
        assertThat(image.asByteArray()).isEqualTo(result);
    }

    @Test
    void aCachedPhotoIsDoneAtOnce() {
        byte[] upload = TestImages.encoded("png", 20, 20, 22);
        byte[] result = TestImages.encoded("png", 20, 20, 92);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", resultKey("png", upload), result, "EX", "600");
        }
        Response accepted = given().contentType("image/png").body(upload).post("/v1/jobs");
        accepted.then().statusCode(200).body("state", equalTo("done"));
        assertThat(given().get("/v1/jobs/" + accepted.path("id") + "/result").asByteArray()).isEqualTo(result);

        // Repeats share the one job record instead of making a new one each.
        try (RespClient redis = RedisTestResource.server().client()) {
            int records = jobRecords(redis);
            for (int i = 0; i < 20; i++) {
                given().contentType("image/png").body(upload).post("/v1/jobs").then().statusCode(200)
                        .body("id", equalTo(accepted.path("id")));
            }
            assertThat(jobRecords(redis)).isEqualTo(records);
        }
    }

    /** The job records in Redis (one SCAN pass covers the test's few keys). */
    private static int jobRecords(RespClient redis) {
        return ((List<?>) redis.list("SCAN", "0", "MATCH", KEYS.prefix() + "job:*", "COUNT", "1000000").get(1)).size();
    }

    @Test
    void theResultFormatFollowsAcceptWhileTheAnswerIsJson() {
        byte[] upload = TestImages.encoded("jpeg", 36, 24, 24);
        for (String format : new String[] {"png", "webp"}) {
            given().accept("image/" + format).contentType("image/jpeg").body(upload).post("/v1/jobs")
                    .then().statusCode(202).contentType("application/json").body("format", equalTo(format));
        }
        given().accept("application/json, image/png;q=0.5").contentType("image/jpeg").body(upload).post("/v1/jobs")
                .then().statusCode(202).contentType("application/json").body("format", equalTo("jpeg"));
        given().accept("image/avif").contentType("image/jpeg").body(upload).post("/v1/jobs")
                .then().statusCode(406).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void identicalSubmissionsShareOneJob() {
        byte[] upload = TestImages.encoded("jpeg", 44, 30, 23);
        String first = submit(upload).path("id");
        String second = given().multiPart("image", "p.jpg", upload, "image/jpeg").post("/v1/jobs").path("id");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void simultaneousSubmissionsOfOnePhotoAllGetTheJob() {
        // A large upload widens the moment between the first request taking the lock and writing
        // the job's record: the requests that join it then must wait for the record, not answer 404.
        byte[] upload = java.util.Arrays.copyOf(TestImages.encoded("jpeg", 44, 30, 29), 1_900_000);
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<CompletableFuture<Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> submit(upload), clients));
            }
            List<String> outcomes = answers.stream().map(CompletableFuture::join)
                    .map(r -> r.statusCode() + " " + r.path("id")).distinct().toList();
            assertThat(outcomes).singleElement().asString().startsWith("202 ");
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void aLockLeftByAGatewayThatNeverEnqueuedIsTakenOver() {
        byte[] upload = TestImages.encoded("jpeg", 54, 30, 28);
        String orphan = JobIds.next();
        try (RespClient redis = RedisTestResource.server().client()) {
            // Taken 10 s ago (TTL 5 min), and no job was ever recorded under it.
            redis.run("SET", KEYS.lock(resultKey("jpeg", upload)), orphan, "PX", Long.toString(300_000 - 10_000));
        }
        String id = submit(upload).then().statusCode(202).extract().path("id");
        assertThat(id).isNotEqualTo(orphan);
        given().get("/v1/jobs/" + id).then().statusCode(200).body("state", equalTo("queued"));
    }

    @Test
    void aFullQueueRefusesNewWorkWith503() {
        try (RespClient redis = RedisTestResource.server().client()) {
            for (int i = 0; i < 500; i++) {
                redis.run("XADD", KEYS.jobsStream(), "*", "filler", Integer.toString(i));
            }
            given().contentType("image/jpeg").body(TestImages.encoded("jpeg", 56, 30, 29)).post("/v1/jobs")
                    .then().statusCode(503).header("Retry-After", "5")
                    .body("type", equalTo("https://colorcache.io/problems/queue-full"));
            redis.run("DEL", KEYS.jobsStream());
        }
    }

    @Test
    void unknownJobsAre404() {
        given().get("/v1/jobs/" + JobIds.next()).then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://colorcache.io/problems/job-not-found"));
        given().get("/v1/jobs/not-a-job/result").then().statusCode(404)
                .body("type", equalTo("https://colorcache.io/problems/job-not-found"));
    }

    @Test
    void aFailedJobsResultIsItsProblem() {
        byte[] upload = TestImages.encoded("jpeg", 46, 30, 24);
        String id = submit(upload).path("id");
        try (RespClient redis = RedisTestResource.server().client()) {
            // The worker's own text may name files and secrets; clients get the code's stable detail.
            WorkerSteps.failed(redis, id, resultKey("jpeg", upload), FailureCode.UNDECODABLE_IMAGE,
                    "javax.imageio.IIOException at /srv/colorcache/decoder.conf (token=s3cr3t): bad huffman table");
        }
        given().get("/v1/jobs/" + id).then().body("state", equalTo("failed"))
                .body("error.code", equalTo("undecodable-image"))
                .body("error.detail", equalTo(FailureCode.UNDECODABLE_IMAGE.publicDetail()));
        given().get("/v1/jobs/" + id + "/result").then().statusCode(422)
                .body("type", equalTo("https://colorcache.io/problems/undecodable-image"))
                .body("detail", equalTo(FailureCode.UNDECODABLE_IMAGE.publicDetail()));
    }

    @Test
    void eventsStreamEveryStateChangeUntilDone() throws Exception {
        byte[] upload = TestImages.encoded("jpeg", 48, 30, 25);
        String id = submit(upload).path("id");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "v1/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").build();
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> stream = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(response -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            if (line.startsWith("data:")) {
                                events.add(line);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e.contains("\"queued\"")));
        try (RespClient redis = RedisTestResource.server().client()) {
            WorkerSteps.running(redis, id);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e.contains("\"running\"")));
            WorkerSteps.done(redis, id, resultKey("jpeg", upload), TestImages.encoded("jpeg", 48, 30, 95));
        }
        stream.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(events.get(events.size() - 1)).as("the stream ends with done").contains("\"done\"");
    }

    @Test
    void eventsOfAnUnknownJobAre404() {
        given().accept("text/event-stream").get("/v1/jobs/" + JobIds.next() + "/events").then().statusCode(404);
    }

    @Test
    void aSignedCallbackIsRetriedUntilItIsTaken() throws Exception {
        List<String[]> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        // 127.0.0.2: loopback, which callbacks never reach, save the range the test profile allows.
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        hook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(new String[] {headers.getFirst(WebhookSignature.ID), headers.getFirst(WebhookSignature.TIMESTAMP),
                    headers.getFirst(WebhookSignature.SIGNATURE), body});
            exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 503 : 204, -1);
            exchange.close();
        });
        hook.start();
        try {
            byte[] upload = TestImages.encoded("jpeg", 50, 30, 26);
            String url = "http://receiver.colorcache.test:" + hook.getAddress().getPort() + "/hook";
            String id = given().contentType("image/jpeg").queryParam("callbackUrl", url).body(upload)
                    .post("/v1/jobs").then().statusCode(202).extract().path("id");
            try (RespClient redis = RedisTestResource.server().client()) {
                WorkerSteps.done(redis, id, resultKey("jpeg", upload), TestImages.encoded("jpeg", 50, 30, 96));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            String[] last = received.get(1);
            assertThat(last[3]).contains("\"id\":\"" + id + "\"").contains("\"state\":\"done\"");
            assertThat(last[0]).as("one message id for every attempt").isEqualTo(id).isEqualTo(received.get(0)[0]);
            String secret = given().queryParam("url", url).get("/v1/callbacks/secret").then().statusCode(200)
                    .body("endpoint", equalTo("http://receiver.colorcache.test:" + hook.getAddress().getPort()))
                    .extract().path("secret");
            long now = System.currentTimeMillis() / 1000;
            assertThat(WebhookSignature.verify(secret, last[0], last[1], last[3], last[2], now, 300)).isTrue();
            assertThat(WebhookSignature.verify(secret, last[0], last[1], last[3], last[2], now + 3600, 300))
                    .as("a replay an hour later is refused").isFalse();
            Thread.sleep(500);
            assertThat(received).as("no delivery after success").hasSize(2);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void badCallbackUrlsAre422AndNothingIsQueued() {
        byte[] upload = TestImages.encoded("jpeg", 52, 30, 27);
        for (String url : List.of("ftp://example.com/hook", "/relative/hook", "http//broken", "not a url")) {
            given().contentType("image/jpeg").queryParam("callbackUrl", url).body(upload).post("/v1/jobs")
                    .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo("https://colorcache.io/problems/invalid-callback-url"));
        }
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(redis.number("EXISTS", KEYS.input(Sha256.hex(upload)))).isZero();
        }
    }

    @Test
    void anOversizedTraceparentIsNotStoredInTheStream() {
        try (RespClient redis = RedisTestResource.server().client()) {
            String valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
            given().contentType("image/jpeg").header("traceparent", valid + "-" + "x".repeat(6000))
                    .body(TestImages.encoded("jpeg", 40, 30, 9800)).post("/v1/jobs").then().statusCode(202);
            given().contentType("image/jpeg").header("traceparent", valid)
                    .body(TestImages.encoded("jpeg", 40, 30, 9801)).post("/v1/jobs").then().statusCode(202);
            List<Object> entries = redis.list("XREVRANGE", KEYS.jobsStream(), "+", "-", "COUNT", "2");
            assertThat(traceparentOf(entries.get(1))).as("the oversized one").isEmpty();
            assertThat(traceparentOf(entries.get(0))).as("the valid one").isEqualTo(valid);
        }
    }

    @Test
    void aFloodOfStatusReadsCostsOneStreamReadPerSecond() {
        String id = given().contentType("image/jpeg").body(TestImages.encoded("jpeg", 40, 30, 9802))
                .post("/v1/jobs").then().statusCode(202).extract().path("id");
        try (RespClient redis = RedisTestResource.server().client()) {
            long before = xrangeCalls(redis);
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                given().get("/v1/jobs/" + id).then().statusCode(200).body("queuePosition", greaterThanOrEqualTo(1));
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(xrangeCalls(redis) - before).as("XRANGE calls for 200 reads in %d s", seconds)
                    .isLessThanOrEqualTo(seconds + 2);
        }
    }

    private static long xrangeCalls(RespClient redis) {
        String stats = redis.string("INFO", "commandstats");
        return stats.lines().filter(line -> line.startsWith("cmdstat_xrange:")).findFirst()
                .map(line -> Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))))
                .orElse(0L);
    }

    @SuppressWarnings("unchecked")
    private static String traceparentOf(Object entry) {
        List<Object> fields = (List<Object>) ((List<Object>) entry).get(1);
        for (int i = 0; i < fields.size(); i += 2) {
            if ("traceparent".equals(fields.get(i))) {
                return (String) fields.get(i + 1);
            }
        }
        throw new AssertionError("no traceparent field in " + fields);
    }
}
