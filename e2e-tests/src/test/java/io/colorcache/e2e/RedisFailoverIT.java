package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;

import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.KeySchema;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisSentinels;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis with a replica, as production runs it: acceptance waits for the replica
 * ({@code colorcache.jobs.durability}), and a primary killed under load behind three Sentinels
 * loses no accepted job.
 */
class RedisFailoverIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static final AtomicInteger PHOTOS = new AtomicInteger();

    private static Path inferenceApp;
    private static Path gatewayApp;
    private static Path model;
    private static String version;

    private final Started started = new Started();

    @BeforeAll
    static void prepare() throws Exception {
        inferenceApp = Path.of(System.getProperty("inference.app"));
        gatewayApp = Path.of(System.getProperty("gateway.app"));
        model = Files.createTempDirectory("colorcache-failover").resolve("demo.onnx");
        version = DemoModel.write(model, 64).substring(0, 12);
    }

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        return started.keep(resource);
    }

    /** A packaged service on the Redis that {@code redis} (system properties) names. */
    private ServiceProcess start(String name, Path app, Map<String, String> redis, Map<String, String> extra) {
        return start(name, app, redis, Map.of(), extra);
    }

    /** A packaged service on the Redis that {@code environment} (as a pod gets it) names. */
    private ServiceProcess startWithEnvironment(String name, Path app, Map<String, String> environment,
            Map<String, String> extra) {
        return start(name, app, Map.of(), environment, extra);
    }

    private ServiceProcess start(String name, Path app, Map<String, String> redis, Map<String, String> environment,
            Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(redis);
        config.putAll(Map.of("colorcache.model.id", "ddcolor-failover", "colorcache.model.version", version));
        if (app.equals(inferenceApp)) {
            config.put("colorcache.model.path", model.toString());
            config.put("colorcache.model.providers", "cpu");
            config.put("colorcache.worker.reclaim-interval", "500ms");
        }
        config.putAll(extra);
        return keep(ServiceProcess.start(name, app, config, List.of("-Xmx1g"), environment));
    }

    private static Map<String, String> standalone(RedisServer redis) {
        return Map.of("quarkus.redis.hosts", redis.uri());
    }

    /** The chart's Redis environment for {@code redis.mode=sentinel}, with these sentinels. */
    private static Map<String, String> sentinel(RedisSentinels sentinels, String component) {
        Map<String, Object> values = new HashMap<>(Map.of("redis.mode", "sentinel", "redis.auth.enabled", "false", "redis.acl.enabled", "false",
                "redis.sentinel.masterName", RedisSentinels.MASTER_NAME));
        String[] addresses = sentinels.addresses().split(",");
        for (int i = 0; i < addresses.length; i++) {
            values.put("redis.sentinel.hosts[" + i + "]", addresses[i]);
        }
        return ChartEnvironment.redis(component, values);
    }

    private static Map<String, String> durable(int replicas) {
        return Map.of("colorcache.jobs.durability.replicas", Integer.toString(replicas),
                "colorcache.jobs.durability.timeout", "300ms");
    }

    private static byte[] nextPhoto() {
        return GeneratedImages.encode(GeneratedImages.gradient(96, 72, 10_000 + PHOTOS.incrementAndGet()), "jpeg");
    }

    @Test
    void aJobIsAcceptedOnlyOnceAReplicaHoldsIt() throws Exception {
        RedisServer primary = keep(RedisServer.start());
        RedisServer replica = keep(RedisServer.startReplicaOf(primary));
        start("inference-durable", inferenceApp, standalone(primary), Map.of());
        ServiceProcess gateway = start("gateway-durable", gatewayApp, standalone(primary), durable(1));

        String first = given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(nextPhoto())
                .post("/v1/jobs").then().statusCode(202).extract().path("id");

        byte[] photo = nextPhoto();
        replica.suspend();
        try {
            given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photo).post("/v1/jobs")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("type", endsWith("/not-durable"));
        } finally {
            replica.resume();
        }
        // The job kept queued: the retry joins it (202), or finds its result already made (200).
        String retried = given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photo).post("/v1/jobs")
                .then().statusCode(oneOf(200, 202)).extract().path("id");

        for (String id : List.of(first, retried)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(
                    given().baseUri(gateway.baseUri()).get("/v1/jobs/" + id).path("state")));
        }
        try (RespClient client = primary.client()) {
            assertThat(client.number("XLEN", KEYS.jobsStream())).as("the retry made no second job").isEqualTo(2);
        }
    }

    /**
     * The loss that waiting prevents, made certain: while the replica is stopped, 48 MB of ballast
     * fill the replication link's socket buffers, so a job written after it is still in the
     * primary's memory when the primary dies. A gateway that does not wait says 202 for that job,
     * and the promoted replica has never heard of it; a gateway that waits says 503.
     */
    @Test
    void aGatewayThatWaitsRefusesTheJobAFailoverLosesAndOneThatDoesNotAcceptsIt() throws Exception {
        RedisServer primary = keep(RedisServer.start());
        RedisServer replica = keep(RedisServer.startReplicaOf(primary));
        ServiceProcess trusting = start("gateway-trusting", gatewayApp, standalone(primary), Map.of());
        ServiceProcess waiting = start("gateway-waiting", gatewayApp, standalone(primary), durable(1));

        replica.suspend();
        try (RespClient client = primary.client()) {
            byte[] ballast = new byte[16 * 1024 * 1024];
            for (int i = 0; i < 3; i++) {
                client.run("SET", "ballast:" + i, ballast);
            }
        }
        String acceptedThenLost = given().baseUri(trusting.baseUri()).contentType("image/jpeg").body(nextPhoto())
                .post("/v1/jobs").then().statusCode(202).extract().path("id");
        given().baseUri(waiting.baseUri()).contentType("image/jpeg").body(nextPhoto()).post("/v1/jobs")
                .then().statusCode(503).body("type", endsWith("/not-durable"));
        primary.kill();
        replica.resume();

        try (RespClient promoted = replica.client()) {
            promoted.run("REPLICAOF", "NO", "ONE");
            assertThat(promoted.job(KEYS.job(acceptedThenLost))).as("the job answered 202 without waiting").isEmpty();
            assertThat(promoted.number("XLEN", KEYS.jobsStream())).isZero();
        }
    }

    /**
     * Sentinels and Redis that ask for a password (the same one: the Quarkus Redis client sends the
     * password it has to the sentinels and to the primary they name). The services find the
     * primary, and the new one after a failover.
     */
    @Test
    void theServicesAuthenticateToPasswordProtectedSentinelsAndFollowAFailover() {
        RedisServer primary = keep(RedisServer.startWithPassword("sentinel-and-redis-secret"));
        RedisServer replica = keep(RedisServer.startReplicaOf(primary));
        RedisSentinels sentinels = keep(RedisSentinels.watch(primary, 3));
        // What the chart sets from the password's Secret (QUARKUS_REDIS_PASSWORD).
        Map<String, String> password = Map.of("quarkus.redis.password", primary.password());
        start("inference-sentinel-auth", inferenceApp, password, sentinel(sentinels, "inference"), Map.of());
        ServiceProcess gateway = start("gateway-sentinel-auth", gatewayApp, password, sentinel(sentinels, "gateway"),
                Map.of());
        given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(nextPhoto()).post("/v1/colorize")
                .then().statusCode(200);

        primary.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> sentinels.allNamePrimary(replica.port()));

        byte[] photo = nextPhoto();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(gateway.baseUri())
                .contentType("image/jpeg").body(photo).post("/v1/colorize").statusCode() == 200);
    }

    @Test
    void aPrimaryKilledUnderLoadLosesNoAcceptedJob() throws Exception {
        RedisServer primary = keep(RedisServer.start());
        RedisServer replica = keep(RedisServer.startReplicaOf(primary));
        RedisSentinels sentinels = keep(RedisSentinels.watch(primary, 3));
        ServiceProcess worker = startWithEnvironment("inference-failover", inferenceApp,
                sentinel(sentinels, "inference"), Map.of());
        ServiceProcess gateway = startWithEnvironment("gateway-failover", gatewayApp, sentinel(sentinels, "gateway"),
                Map.of("colorcache.jobs.durability.replicas", "1", "colorcache.jobs.durability.timeout", "500ms",
                        "colorcache.gateway.deadline", "30s"));

        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        AtomicLong syncDone = new AtomicLong();
        Map<String, long[]> refusedWindows = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long killAt = start + Duration.ofSeconds(5).toNanos();
        long reviveAt = start + Duration.ofSeconds(8).toNanos();
        long endAt = start + Duration.ofSeconds(20).toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            boolean sync = c % 2 == 0;
            clients.submit(() -> {
                while (System.nanoTime() < endAt) {
                    Response response = given().baseUri(gateway.baseUri()).contentType("image/jpeg")
                            .accept(sync ? "image/jpeg" : "application/json").body(nextPhoto())
                            .post(sync ? "/v1/colorize" : "/v1/jobs");
                    int status = response.statusCode();
                    String type = status >= 400 ? String.valueOf(response.<String>path("type")) : "";
                    answers.computeIfAbsent((sync ? "sync " : "async ") + status
                            + (type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf('/') + 1)),
                            k -> new AtomicLong()).incrementAndGet();
                    if (status == 202) {
                        accepted.add(response.path("id"));
                    } else if (status == 200) {
                        syncDone.incrementAndGet();
                    } else if (status == 504) {
                        accepted.add(response.path("jobId"));
                    } else {
                        long now = System.nanoTime();
                        refusedWindows.compute(type.substring(type.lastIndexOf('/') + 1), (k, window) -> window == null
                                ? new long[] {now, now} : new long[] {Math.min(window[0], now), Math.max(window[1], now)});
                    }
                }
                return null;
            });
        }
        while (System.nanoTime() < killAt) {
            Thread.sleep(50);
        }
        primary.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> sentinels.allNamePrimary(replica.port()));
        long promoted = System.nanoTime();
        while (System.nanoTime() < reviveAt) {
            Thread.sleep(50);
        }
        // As a restarted pod that asks the sentinels for the primary: never as an empty primary,
        // which the sentinels could take back before they notice, and so lose every job.
        primary.restartAsReplicaOf(replica);
        long revived = System.nanoTime();
        clients.shutdown();
        assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> accepted.stream()
                .allMatch(id -> "done".equals(given().baseUri(gateway.baseUri()).get("/v1/jobs/" + id).path("state"))));
        long done = accepted.stream()
                .filter(id -> "done".equals(given().baseUri(gateway.baseUri()).get("/v1/jobs/" + id).path("state")))
                .count();
        long twice;
        try (RespClient client = replica.client()) {
            twice = accepted.stream().filter(id -> client.job(KEYS.job(id)).map(JobRecord::computations).orElse(0) > 1)
                    .count();
        }
        Map<String, String> refused = new TreeMap<>();
        refusedWindows.forEach((type, window) -> refused.put(type, String.format("%.1f s to %.1f s",
                (window[0] - killAt) / 1e9, (window[1] - killAt) / 1e9)));
        System.out.printf("Sentinel failover under load: async accepted=%d done=%d lost=%d computed twice=%d,"
                        + " sync answered with the result=%d; replica promoted %.1f s after the kill, old primary"
                        + " back as a replica from %.1f s;"
                        + " refused (after the kill): %s; answers: %s%n",
                accepted.size(), done, accepted.size() - done, twice, syncDone.get(),
                (promoted - killAt) / 1e9, (revived - killAt) / 1e9, refused, new TreeMap<>(answers));
        assertThat(done).as("every accepted job done").isEqualTo(accepted.size());
        assertThat(accepted).isNotEmpty();
        assertThat(syncDone.get()).isPositive();
        assertThat(answers.keySet()).as("only results, acceptances and retryable refusals")
                .allMatch(answer -> answer.matches("(sync 200|async 202|\\w+ 504 job-timeout|\\w+ 503 [\\w-]+)"));
        assertThat(worker.isAlive()).isTrue();
        assertThat(gateway.isAlive()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> given().baseUri(gateway.baseUri()).contentType("image/jpeg")
                .body(nextPhoto()).post("/v1/colorize").statusCode() == 200);
    }
}
