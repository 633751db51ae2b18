package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.protocol.ApiKeys;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Private results and erasure with two gateways (L1 on), a real worker and one Redis: each tenant
 * sees only its own uploads, and the last holder's erasure, sent to one gateway, removes the photo
 * from Redis and from the other gateway's L1 (Pub/Sub), so the next upload is computed again.
 */
class TenantErasureIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static final String ALICE = ApiKeys.newKey();
    private static final String BOB = ApiKeys.newKey();
    private static final String OPS = ApiKeys.newKey();

    private static RedisServer redis;
    private static ServiceProcess inference;
    private static ServiceProcess gatewayA;
    private static ServiceProcess gatewayB;
    private static ModelRef model;

    @BeforeAll
    static void startEverything() throws Exception {
        redis = RedisServer.start();
        Path dir = Files.createTempDirectory("colorcache-erasure");
        Path modelFile = dir.resolve("demo.onnx");
        String version = DemoModel.write(modelFile, 64).substring(0, 12);
        model = new ModelRef("ddcolor-erasure", version);
        Path keys = dir.resolve("api-keys");
        Files.writeString(keys, String.join("\n", ApiKeys.line("alice", ALICE, ""), ApiKeys.line("bob", BOB, ""),
                ApiKeys.line("ops", OPS, "diagnostics")) + "\n");
        Map<String, String> common = Map.of("quarkus.redis.hosts", redis.uri(),
                "colorcache.model.id", model.id(), "colorcache.model.version", version);
        Map<String, String> worker = new HashMap<>(common);
        worker.putAll(Map.of("colorcache.model.path", modelFile.toString(), "colorcache.model.providers", "cpu"));
        inference = ServiceProcess.start("inference-erasure", Path.of(System.getProperty("inference.app")), worker,
                List.of("-Xmx1g"));
        Map<String, String> gateway = new HashMap<>(common);
        gateway.putAll(Map.of("colorcache.auth.mode", "api-key", "colorcache.auth.api-keys-file", keys.toString()));
        gatewayA = ServiceProcess.start("gateway-erasure-a", Path.of(System.getProperty("gateway.app")), gateway,
                List.of("-Xmx512m"));
        gatewayB = ServiceProcess.start("gateway-erasure-b", Path.of(System.getProperty("gateway.app")), gateway,
                List.of("-Xmx512m"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {gatewayB, gatewayA, inference, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static Response colorize(ServiceProcess gateway, String key, byte[] photo) {
        return given().baseUri(gateway.baseUri()).header("Authorization", "Bearer " + key)
                .contentType("image/jpeg").accept("image/jpeg").body(photo).post("/v1/colorize");
    }

    private static Response fetch(ServiceProcess gateway, String key, String sha) {
        return given().baseUri(gateway.baseUri()).header("Authorization", "Bearer " + key).accept("image/jpeg")
                .get("/v1/results/" + sha);
    }

    private static Response erase(ServiceProcess gateway, String key, String sha) {
        return given().baseUri(gateway.baseUri()).header("Authorization", "Bearer " + key)
                .delete("/v1/uploads/" + sha);
    }

    private static long l1Entries(ServiceProcess gateway) {
        return metric(gateway, "colorcache_gateway_l1_entries");
    }

    /** The first sample of a metric the service exports, as a whole number. */
    private static long metric(ServiceProcess service, String name) {
        String metrics = given().baseUri(service.managementUri()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ', line.lastIndexOf('}') + 1) + 1)
                        .split(" ")[0]))
                .findFirst().orElseThrow();
    }

    @Test
    void eachTenantSeesItsOwnAndTheLastErasureLeavesNothingInRedisOrAnyL1() {
        byte[] photo = GeneratedImages.encode(GeneratedImages.gradient(96, 72, 8301), "jpeg");
        String sha = Sha256.hex(photo);
        colorize(gatewayA, ALICE, photo).then().statusCode(200).header("X-Cache", "miss");
        colorize(gatewayB, BOB, photo).then().statusCode(200).header("X-Cache", "miss");
        assertThat(metric(inference, "colorcache_inference_images_total")).as("Bob's copy shares Alice's computation")
                .isEqualTo(1);
        colorize(gatewayB, BOB, photo).then().statusCode(200).header("X-Cache", "hit");
        // The operator's key sees the cache's real answers: B holds the result in its L1 now.
        colorize(gatewayB, OPS, photo).then().statusCode(200).header("X-Cache", "hit");
        fetch(gatewayB, ALICE, sha).then().statusCode(200);

        erase(gatewayA, ALICE, sha).then().statusCode(204);
        fetch(gatewayA, ALICE, sha).then().statusCode(404);
        // B remembered Alice's hold from her fetch there; the release, announced by A, ends it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> fetch(gatewayB, ALICE, sha).then().statusCode(404));
        fetch(gatewayA, BOB, sha).then().statusCode(200);
        assertThat(l1Entries(gatewayB)).isEqualTo(1);
        erase(gatewayA, BOB, sha).then().statusCode(204);
        erase(gatewayA, OPS, sha).then().statusCode(204);
        erase(gatewayA, OPS, sha).then().statusCode(204);

        try (RespClient client = redis.client()) {
            for (OutputFormat format : OutputFormat.values()) {
                assertThat(client.number("EXISTS", KEYS.result(model, format, sha))).isZero();
            }
            assertThat(client.number("EXISTS", KEYS.input(sha))).isZero();
            assertThat(client.number("EXISTS", KEYS.inputFirstStored(sha))).isZero();
            assertThat(client.number("EXISTS", KEYS.holders(sha))).isZero();
            assertThat(client.string("ZSCORE", KEYS.frequency(LocalDate.now(ZoneOffset.UTC)), sha)).isNull();
            assertThat(client.keysMentioning(sha)).as("keys naming or holding the photo's hash (job records,"
                    + " stream entries included)").isEmpty();
        }
        // The erasure went to A; B learns of it over Pub/Sub and drops its copy. Had it kept it, this
        // upload would be an L1 hit; it is computed again.
        await().atMost(Duration.ofSeconds(5)).until(() -> l1Entries(gatewayB) == 0);
        colorize(gatewayB, OPS, photo).then().statusCode(200).header("X-Cache", "miss");
        colorize(gatewayA, OPS, photo).then().statusCode(200).header("X-Cache", "hit");
    }
}
