package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache apart from the queue ({@code redis.queue.mode}): a cache Redis filled past its
 * maxmemory evicts results while every queued job, its upload and its lock stay in the queue's
 * Redis; on one Redis, as before, the same pressure evicts queued uploads.
 */
class RedisQueueApartIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static final String MODEL_ID = "ddcolor-apart";
    private static final int JOBS = 8;
    private static final int MAXMEMORY_MB = 8;

    private static Path modelFile;
    private static ModelRef model;

    private final Started started = new Started();

    @BeforeAll
    static void prepare() throws Exception {
        modelFile = Files.createTempDirectory("colorcache-apart").resolve("demo.onnx");
        model = new ModelRef(MODEL_ID, DemoModel.write(modelFile, 64).substring(0, 12));
    }

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        return started.keep(resource);
    }

    private static RedisServer limited(RedisServer redis, String policy) {
        try (RespClient client = redis.client()) {
            client.run("CONFIG", "SET", "maxmemory", MAXMEMORY_MB + "mb");
            client.run("CONFIG", "SET", "maxmemory-policy", policy);
        }
        return redis;
    }

    /** The chart's environment for an external cache Redis and, unless null, an external queue Redis. */
    private static Map<String, String> chartEnvironment(String component, RedisServer cache, RedisServer queue) {
        Map<String, Object> values = new HashMap<>(Map.of("redis.mode", "external",
                "redis.external.host", "127.0.0.1", "redis.external.port", cache.port(),
                "redis.auth.enabled", "false", "redis.acl.enabled", "false"));
        if (queue != null) {
            values.putAll(Map.of("redis.queue.mode", "external", "redis.queue.external.host", "127.0.0.1",
                    "redis.queue.external.port", queue.port()));
        }
        return ChartEnvironment.redis(component, values);
    }

    private ServiceProcess gateway(RedisServer cache, RedisServer queue) {
        return keep(ServiceProcess.start("gateway-apart", Path.of(System.getProperty("gateway.app")),
                Map.of("colorcache.model.id", MODEL_ID, "colorcache.model.version", model.version()),
                List.of("-Xmx512m"), chartEnvironment("gateway", cache, queue)));
    }

    private ServiceProcess worker(RedisServer cache, RedisServer queue) {
        return keep(ServiceProcess.start("inference-apart", Path.of(System.getProperty("inference.app")),
                Map.of("colorcache.model.id", MODEL_ID, "colorcache.model.version", model.version(),
                        "colorcache.model.path", modelFile.toString(), "colorcache.model.providers", "cpu"),
                List.of("-Xmx1g"), chartEnvironment("inference", cache, queue)));
    }

    /** Queues {@value #JOBS} new photos; returns their SHA-256s. */
    private static List<String> queueJobs(ServiceProcess gateway, int firstSeed) {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            byte[] photo = GeneratedImages.encode(GeneratedImages.gradient(96, 72, firstSeed + i), "jpeg");
            hashes.add(Sha256.hex(photo));
            given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photo).post("/v1/jobs")
                    .then().statusCode(202);
        }
        return hashes;
    }

    /** Writes 1 MB results with a day's TTL, as workers do, to three times the cache's maxmemory. */
    private static void fillWithResults(RedisServer cache) {
        byte[] result = new byte[1 << 20];
        try (RespClient client = cache.client()) {
            for (int i = 0; i < 3 * MAXMEMORY_MB; i++) {
                String sha = Sha256.hex(("ballast " + i).getBytes());
                client.run("SET", KEYS.result(model, OutputFormat.PNG, sha), result, "PX", "86400000");
            }
        }
    }

    private static long evicted(RedisServer redis) {
        try (RespClient client = redis.client()) {
            return client.string("INFO", "stats").lines().filter(l -> l.startsWith("evicted_keys:"))
                    .mapToLong(l -> Long.parseLong(l.substring("evicted_keys:".length()).trim())).sum();
        }
    }

    private static long present(RedisServer redis, List<String> keys) {
        try (RespClient client = redis.client()) {
            return keys.stream().filter(key -> client.number("EXISTS", key) == 1).count();
        }
    }

    private static List<String> uploads(List<String> hashes) {
        return hashes.stream().map(KEYS::input).toList();
    }

    private static List<String> locks(List<String> hashes) {
        return hashes.stream().map(sha -> KEYS.lock(KEYS.result(model, OutputFormat.JPEG, sha))).toList();
    }

    @Test
    void aFullCacheEvictsResultsWhileEveryQueuedJobWaitsIntactAndIsDone() {
        RedisServer cache = keep(limited(RedisServer.start(), "allkeys-lfu"));
        RedisServer queue = keep(limited(RedisServer.startPersistent(), "noeviction"));
        ServiceProcess gateway = gateway(cache, queue);
        List<String> hashes = queueJobs(gateway, 9100);

        fillWithResults(cache);

        assertThat(evicted(cache)).as("results evicted by the full cache").isPositive();
        try (RespClient client = cache.client()) {
            assertThat(client.string("INFO", "memory")).contains("maxmemory_policy:allkeys-lfu");
        }
        assertThat(present(queue, uploads(hashes))).as("queued uploads").isEqualTo(JOBS);
        assertThat(present(queue, locks(hashes))).as("single-flight locks").isEqualTo(JOBS);
        try (RespClient client = queue.client()) {
            assertThat(client.number("XLEN", KEYS.jobsStream())).isEqualTo(JOBS);
        }
        assertThat(evicted(queue)).isZero();

        worker(cache, queue);
        for (String sha : hashes) {
            await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(gateway.baseUri())
                    .get("/v1/results/" + sha).statusCode() == 200);
        }
        try (RespClient client = cache.client()) {
            assertThat(client.number("EXISTS", KEYS.result(model, OutputFormat.JPEG, hashes.get(0))))
                    .as("results are written to the cache's Redis").isOne();
        }
        assertThat(evicted(queue)).isZero();
    }

    @Test
    void onOneRedisTheSamePressureEvictsQueuedUploads() {
        RedisServer shared = keep(limited(RedisServer.start(), "volatile-lru"));
        ServiceProcess gateway = gateway(shared, null);
        List<String> hashes = queueJobs(gateway, 9200);

        fillWithResults(shared);

        assertThat(present(shared, uploads(hashes)) + present(shared, locks(hashes)))
                .as("queued uploads and locks left on one volatile-lru Redis").isLessThan(2L * JOBS);
    }
}
