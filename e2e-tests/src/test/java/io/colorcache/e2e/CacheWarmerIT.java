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
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged cache warmer against a real Redis, a real worker (the demo model on ONNX Runtime)
 * and a real gateway: what users asked for comes back warm after its results expired.
 */
class CacheWarmerIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private static final String MODEL_ID = "ddcolor-demo";
    private static RedisServer redis;
    private static ServiceProcess inference;
    private static ServiceProcess gateway;
    private static Map<String, String> warmerConfig;
    private static ModelRef model;

    @BeforeAll
    static void startEverything() throws Exception {
        redis = RedisServer.start();
        Path inferenceApp = Path.of(System.getProperty("inference.app"));
        Path modelFile = Files.createTempDirectory("colorcache-warmer-it").resolve("demo.onnx");
        String version = DemoModel.write(modelFile, 256).substring(0, 12);
        model = new ModelRef(MODEL_ID, version);
        Map<String, String> shared = Map.of(
                "quarkus.redis.hosts", redis.uri(),
                "colorcache.model.id", MODEL_ID,
                "colorcache.model.version", version);
        Map<String, String> inferenceConfig = new HashMap<>(shared);
        inferenceConfig.putAll(Map.of("colorcache.model.path", modelFile.toString(), "colorcache.model.providers", "cpu",
                "colorcache.worker.consumer", "warmer-it-worker"));
        inference = ServiceProcess.start("inference-service", inferenceApp, inferenceConfig);
        Map<String, String> gatewayConfig = new HashMap<>(shared);
        // No L1: every answer says whether Redis had the result.
        gatewayConfig.put("colorcache.gateway.l1.max-bytes", "0");
        gateway = ServiceProcess.start("gateway-service", Path.of(System.getProperty("gateway.app")), gatewayConfig);
        warmerConfig = shared;
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {gateway, inference, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String colorize(byte[] photo) {
        return given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photo).post("/v1/colorize")
                .then().statusCode(200).extract().header("X-Cache");
    }

    private static CommandRun.Result warm(String... args) {
        return CommandRun.run(Path.of(System.getProperty("warmer.app")), warmerConfig, Duration.ofMinutes(3), args);
    }

    private static JsonPath summary(CommandRun.Result run) {
        assertThat(run.lastLine()).as("stderr:\n" + run.stderr()).startsWith("{");
        return JsonPath.from(run.lastLine());
    }

    @Test
    void aHotPhotoWhoseResultExpiredIsRecomputedByTheWarmerAndServedAsAHit() throws Exception {
        byte[] hot = GeneratedImages.encode(GeneratedImages.gradient(160, 120, 501), "jpeg");
        byte[] once = GeneratedImages.encode(GeneratedImages.gradient(160, 120, 502), "jpeg");
        String hotSha = Sha256.hex(hot);
        String onceSha = Sha256.hex(once);
        try (RespClient client = redis.client()) {
            // Only this test's requests count (the other test's may have come first).
            client.run("DEL", KEYS.frequency(LocalDate.now(ZoneOffset.UTC)));
        }
        assertThat(colorize(hot)).isEqualTo("miss");
        assertThat(colorize(hot)).isEqualTo("hit");
        assertThat(colorize(hot)).isEqualTo("hit");
        assertThat(colorize(once)).isEqualTo("miss");
        try (RespClient client = redis.client()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.number("EXISTS", KEYS.input(onceSha)) == 0);
            assertThat(client.number("PTTL", KEYS.input(hotSha))).as("retained: asked for 3 times")
                    .isGreaterThan(Duration.ofDays(6).toMillis());
            // The results expire, and the near colours written with them (their TTL is never renewed).
            client.run("DEL", KEYS.result(model, OutputFormat.JPEG, hotSha), KEYS.result(model, OutputFormat.JPEG, onceSha),
                    KEYS.nearColors(model, hotSha), KEYS.nearColors(model, onceSha));
        }

        CommandRun.Result run = warm("--wait");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonPath summary = summary(run);
        assertThat(summary.getInt("candidates")).isEqualTo(2);
        assertThat(summary.getInt("enqueued")).isEqualTo(1);
        assertThat(summary.getInt("skippedNoInput")).as("the one-off upload was not kept").isEqualTo(1);
        assertThat(summary.getInt("jobsDone")).isEqualTo(1);
        assertThat(summary.getInt("jobsFailed")).isZero();
        assertThat(colorize(hot)).isEqualTo("hit");
        assertThat(colorize(once)).isEqualTo("miss");

        CommandRun.Result again = warm("--wait");
        assertThat(summary(again).getInt("alreadyWarm")).as("both are warm now").isEqualTo(2);
        assertThat(summary(again).getInt("enqueued")).isZero();
    }

    @Test
    void aFolderPreloadMakesEveryPhotoAHitOnItsFirstRequest() throws Exception {
        Path samples = Path.of(System.getProperty("samples.dir"));

        CommandRun.Result run = warm("--from-dir", samples.toString(), "--wait");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonPath summary = summary(run);
        List<Path> photos;
        try (Stream<Path> files = Files.list(samples)) {
            photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertThat(summary.getInt("candidates")).isEqualTo(photos.size());
        assertThat(summary.getInt("enqueued") + summary.getInt("alreadyWarm")).isEqualTo(photos.size());
        assertThat(summary.getInt("jobsDone")).isEqualTo(summary.getInt("enqueued"));
        for (Path photo : photos) {
            assertThat(colorize(Files.readAllBytes(photo))).as(photo.getFileName().toString()).isEqualTo("hit");
        }
    }
}
