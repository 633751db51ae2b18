package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue under stress with real processes: Redis restarted under load, and a large backlog. */
class QueueResilienceIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private static Path inferenceApp;
    private static Path gatewayApp;
    private static Path model;
    private static String version;
    private static byte[] photo;

    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void prepare() throws Exception {
        inferenceApp = Path.of(System.getProperty("inference.app"));
        gatewayApp = Path.of(System.getProperty("gateway.app"));
        model = Files.createTempDirectory("colorcache-queue").resolve("demo.onnx");
        version = DemoModel.write(model, 64).substring(0, 12);
        photo = Files.readAllBytes(Path.of(System.getProperty("samples.dir"), "louis-armstrong-practicing-in-his-dressi.jpg"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private ServiceProcess start(String name, Path app, RedisServer redis, Map<String, String> extra) {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "quarkus.redis.hosts", redis.uri(),
                "colorcache.model.id", "ddcolor-queue",
                "colorcache.model.version", version));
        if (app.equals(inferenceApp)) {
            config.put("colorcache.model.path", model.toString());
            config.put("colorcache.model.providers", "cpu");
        }
        config.putAll(extra);
        ServiceProcess process = ServiceProcess.start(name, app, config);
        running.add(process);
        return process;
    }

    private static byte[] distinct(int i) {
        byte[] upload = Arrays.copyOf(photo, photo.length + 4);
        upload[photo.length] = (byte) i;
        upload[photo.length + 1] = (byte) (i >> 8);
        return upload;
    }

    @Test
    void redisRestartedUnderLoadLosesNoAcceptedJob() throws Exception {
        RedisServer redis = RedisServer.startPersistent();
        running.add(redis);
        ServiceProcess worker = start("inference-outage", inferenceApp, redis, Map.of(
                "colorcache.worker.reclaim-interval", "500ms"));
        ServiceProcess gateway = start("gateway-outage", gatewayApp, redis, Map.of());

        List<String> accepted = new ArrayList<>();
        AtomicLong unavailable = new AtomicLong();
        List<String> otherErrors = new ArrayList<>();
        long start = System.nanoTime();
        boolean stopped = false;
        boolean restarted = false;
        for (int i = 0; System.nanoTime() - start < Duration.ofSeconds(12).toNanos(); i++) {
            double t = (System.nanoTime() - start) / 1e9;
            if (!stopped && t > 3) {
                redis.kill();
                stopped = true;
            }
            if (stopped && !restarted && t > 6) {
                redis.restart();
                restarted = true;
            }
            Response response = given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(distinct(i))
                    .post("/v1/jobs");
            switch (response.statusCode()) {
                case 200, 202 -> accepted.add(response.path("id"));
                case 503 -> unavailable.incrementAndGet();
                default -> otherErrors.add(response.statusCode() + " " + response.asString());
            }
            Thread.sleep(40);
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> accepted.stream()
                .allMatch(id -> "done".equals(given().baseUri(gateway.baseUri()).get("/v1/jobs/" + id).path("state"))));
        long done = accepted.stream()
                .filter(id -> "done".equals(given().baseUri(gateway.baseUri()).get("/v1/jobs/" + id).path("state")))
                .count();
        System.out.printf("Redis restart under load: accepted=%d done=%d lost=%d 503s=%d other errors=%d%n",
                accepted.size(), done, accepted.size() - done, unavailable.get(), otherErrors.size());
        assertThat(unavailable.get()).as("503 while Redis was down").isPositive();
        assertThat(otherErrors).isEmpty();
        assertThat(done).as("every accepted job done").isEqualTo(accepted.size());
        assertThat(worker.isAlive()).isTrue();
        assertThat(gateway.isAlive()).isTrue();
        given().baseUri(gateway.managementUri()).get("/q/health/ready").then().statusCode(200);
        given().baseUri(worker.managementUri()).get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aBacklogOfFiveThousandJobsDrainsWithTheStreamBounded() throws Exception {
        RedisServer redis = RedisServer.start();
        running.add(redis);
        ServiceProcess gateway = start("gateway-backlog", gatewayApp, redis, Map.of(
                "colorcache.gateway.max-queued", "6000",
                "colorcache.gateway.max-queued-bytes", "1073741824",
                "colorcache.jobs.stream-max-len", "6500"));
        int jobs = 5000;
        byte[] small = Files.readAllBytes(Path.of(System.getProperty("samples.dir"),
                "abandoned-boy-holding-a-stuffed-toy-anim.jpg"));
        List<String> ids = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            byte[] upload = Arrays.copyOf(small, small.length + 4);
            upload[small.length] = (byte) i;
            upload[small.length + 1] = (byte) (i >> 8);
            ids.add(given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(upload).post("/v1/jobs")
                    .then().statusCode(202).extract().path("id"));
        }
        long maxLength;
        try (RespClient client = redis.client()) {
            assertThat(client.number("XLEN", KEYS.jobsStream())).isEqualTo(jobs);
            start("inference-backlog", inferenceApp, redis, Map.of(
                    "colorcache.worker.reclaim-interval", "200ms",
                    "colorcache.worker.batch.max-size", "16"));
            maxLength = jobs;
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            while (System.nanoTime() < deadline) {
                long length = client.number("XLEN", KEYS.jobsStream());
                maxLength = Math.max(maxLength, length);
                long pending = pending(client);
                if (pending == 0 && length < 200 && allDone(client, ids)) {
                    break;
                }
                Thread.sleep(250);
            }
            long done = ids.stream().filter(id -> client.jobIn(KEYS.job(id), JobState.DONE)).count();
            long finalLength = client.number("XLEN", KEYS.jobsStream());
            System.out.printf("Backlog: jobs=%d done=%d max stream length=%d final length=%d%n",
                    jobs, done, maxLength, finalLength);
            assertThat(done).isEqualTo(jobs);
            assertThat(maxLength).as("never above the configured bound").isLessThanOrEqualTo(6500);
            assertThat(finalLength).as("finished entries trimmed").isLessThan(200);
        }
    }

    /** Entries handed out and not acknowledged; the group appears once the worker's reader runs, just after it is ready. */
    @SuppressWarnings("unchecked")
    private static long pending(RespClient client) {
        try {
            return (Long) (client.list("XPENDING", KEYS.jobsStream(), "inference")).get(0);
        } catch (RespClient.RespError noGroupYet) {
            return -1;
        }
    }

    private static boolean allDone(RespClient client, List<String> ids) {
        // Sampled first and last, then the whole list once those are done.
        if (!client.jobIn(KEYS.job(ids.get(ids.size() - 1)), JobState.DONE)) {
            return false;
        }
        return ids.stream().allMatch(id -> client.jobIn(KEYS.job(id), JobState.DONE));
    }
}
