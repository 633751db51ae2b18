package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.CommandRun;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisCluster;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services on a Redis Cluster of three primaries, configured as the chart renders
 * {@code redis.mode=cluster}: sync and async jobs, completions on every gateway, request counting
 * and the warmer, with keys spread over every shard.
 */
class RedisClusterIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static final String MODEL_ID = "ddcolor-cluster";

    private static RedisCluster cluster;
    private static ServiceProcess inference;
    private static ServiceProcess gateway;
    private static ServiceProcess secondGateway;
    private static Map<String, String> shared;
    private static ModelRef model;

    @BeforeAll
    static void startEverything() throws Exception {
        cluster = RedisCluster.start(3);
        Path modelFile = Files.createTempDirectory("colorcache-cluster").resolve("demo.onnx");
        model = new ModelRef(MODEL_ID, DemoModel.write(modelFile, 64).substring(0, 12));
        shared = Map.of(
                "quarkus.redis.client-type", "cluster",
                "quarkus.redis.hosts", cluster.uris(),
                "colorcache.model.id", MODEL_ID,
                "colorcache.model.version", model.version());
        Map<String, String> modelConfig = Map.of("colorcache.model.id", MODEL_ID,
                "colorcache.model.version", model.version());
        Map<String, String> inferenceConfig = new HashMap<>(modelConfig);
        inferenceConfig.putAll(Map.of("colorcache.model.path", modelFile.toString(), "colorcache.model.providers", "cpu"));
        inference = ServiceProcess.start("inference-cluster", Path.of(System.getProperty("inference.app")),
                inferenceConfig, List.of("-Xmx1g"), chartEnvironment("inference"));
        Map<String, String> gatewayConfig = new HashMap<>(modelConfig);
        // No L1: every answer says whether Redis had the result. No re-reading within the deadline:
        // a waiting request learns of its result only from the completion published on the cluster.
        gatewayConfig.putAll(Map.of("colorcache.gateway.l1.max-bytes", "0",
                "colorcache.gateway.recheck-interval", "5m", "colorcache.gateway.deadline", "30s"));
        Path gatewayApp = Path.of(System.getProperty("gateway.app"));
        gateway = ServiceProcess.start("gateway-cluster", gatewayApp, gatewayConfig, List.of("-Xmx512m"),
                chartEnvironment("gateway"));
        secondGateway = ServiceProcess.start("gateway-cluster-2", gatewayApp, gatewayConfig, List.of("-Xmx512m"),
                chartEnvironment("gateway"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {secondGateway, gateway, inference, cluster}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** The chart's Redis environment for {@code redis.mode=cluster} with this cluster's nodes. */
    private static Map<String, String> chartEnvironment(String component) {
        Map<String, Object> values = new HashMap<>(Map.of("redis.mode", "cluster", "redis.auth.enabled", "false",
                "redis.acl.enabled", "false"));
        List<RedisServer> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            values.put("redis.cluster.nodes[" + i + "]", "127.0.0.1:" + nodes.get(i).port());
        }
        return ChartEnvironment.redis(component, values);
    }

    private static String colorize(ServiceProcess via, byte[] photo) {
        return given().baseUri(via.baseUri()).contentType("image/jpeg").body(photo).post("/v1/colorize")
                .then().statusCode(200).extract().header("X-Cache");
    }

    private static byte[] photo(int seed) {
        return GeneratedImages.encode(GeneratedImages.gradient(96, 72, seed), "jpeg");
    }

    @Test
    void jobsRunWithTheirKeysOnEveryShardAndEveryGatewayHearsTheCompletions() {
        assertThat(colorize(gateway, photo(7001))).isEqualTo("miss");
        assertThat(colorize(gateway, photo(7001))).isEqualTo("hit");
        // A sync request waits on the second gateway for a job the first one queued: the completion
        // published on one shard reaches a gateway subscribed on any.
        List<String> ids = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (byte[] photo : twoPhotosWhoseResultsLiveOnEachShard()) {
            hashes.add(Sha256.hex(photo));
            ids.add(given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photo).post("/v1/jobs")
                    .then().statusCode(202).extract().path("id"));
            // Joined, already done, or (the first job ended between its lookup and its lock) computed again.
            assertThat(colorize(secondGateway, photo)).isIn("coalesced", "hit", "miss");
        }
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(given().baseUri(gateway.baseUri())
                    .get("/v1/jobs/" + id).then().statusCode(200).extract().path("state")));
        }
        for (String sha : hashes) {
            given().baseUri(secondGateway.baseUri()).get("/v1/results/" + sha).then().statusCode(200)
                    .header("X-Cache", "hit");
        }
        assertThat(cluster.slot(KEYS.jobsStream())).as("the two job streams' slots")
                .isNotEqualTo(cluster.slot(KEYS.warmJobsStream()));
        for (ServiceProcess via : List.of(gateway, secondGateway)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(metric(via,
                    "colorcache_gateway_demand_failures_total")).as("request counts Redis refused").isZero());
            assertThat(metric(via, "colorcache_gateway_requests_total")).isPositive();
        }
    }

    @Test
    void theWarmerRecomputesAHotPhotoWhoseResultExpired() {
        byte[] hot = photo(7201);
        String sha = Sha256.hex(hot);
        String today = KEYS.frequency(LocalDate.now(ZoneOffset.UTC));
        try (RespClient client = cluster.nodeFor(today).client()) {
            client.run("DEL", today);
        }
        assertThat(colorize(gateway, hot)).isEqualTo("miss");
        assertThat(colorize(gateway, hot)).isEqualTo("hit");
        assertThat(colorize(secondGateway, hot)).isEqualTo("hit");
        String result = KEYS.result(model, OutputFormat.JPEG, sha);
        try (RespClient input = cluster.nodeFor(KEYS.input(sha)).client();
                RespClient results = cluster.nodeFor(result).client()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> input.number("PTTL", KEYS.input(sha))
                    > Duration.ofDays(6).toMillis());
            results.run("DEL", result);
        }

        CommandRun.Result run = CommandRun.run(Path.of(System.getProperty("warmer.app")), shared,
                Duration.ofMinutes(3), "--wait");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonPath summary = JsonPath.from(run.lastLine());
        assertThat(summary.getInt("enqueued")).isEqualTo(1);
        assertThat(summary.getInt("jobsDone")).isEqualTo(1);
        assertThat(colorize(gateway, hot)).isEqualTo("hit");
    }

    @Test
    void aGatewayAskedToWaitForReplicasRefusesToStartOnACluster() {
        Map<String, String> config = new HashMap<>(shared);
        config.put("colorcache.jobs.durability.replicas", "1");
        try (ServiceProcess refused = ServiceProcess.launch("gateway-cluster-durable",
                Path.of(System.getProperty("gateway.app")), config, List.of("-Xmx256m"))) {
            assertThat(refused.awaitExit(Duration.ofSeconds(60))).as("the gateway stops by itself").hasValue(1);
            assertThat(refused.log()).contains("colorcache.jobs.durability.replicas=1 cannot be kept on a Redis Cluster");
        }
    }

    private static List<byte[]> twoPhotosWhoseResultsLiveOnEachShard() {
        Map<RedisServer, List<byte[]>> byShard = new HashMap<>();
        for (int seed = 7100; byShard.size() < 3 || byShard.values().stream().anyMatch(p -> p.size() < 2); seed++) {
            byte[] photo = photo(seed);
            List<byte[]> onShard = byShard.computeIfAbsent(
                    cluster.nodeFor(KEYS.result(model, OutputFormat.JPEG, Sha256.hex(photo))), shard -> new ArrayList<>());
            if (onShard.size() < 2) {
                onShard.add(photo);
            }
        }
        return byShard.values().stream().flatMap(List::stream).toList();
    }

    private static double metric(ServiceProcess via, String name) {
        String body = given().baseUri(via.managementUri()).get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
