package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.HandmadePng;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole spine with real processes: redis-server, the packaged inference service running
 * the demo model on ONNX Runtime, and the packaged gateway, driven over HTTP.
 */
class ColorcacheEndToEndIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private static final String MODEL_ID = "ddcolor-demo";
    private static RedisServer redis;
    private static ServiceProcess inference;
    private static ServiceProcess gateway;
    private static Path samples;

    @BeforeAll
    static void startEverything() throws Exception {
        redis = RedisServer.start();
        Path inferenceApp = Path.of(System.getProperty("inference.app"));
        Path model = Files.createTempDirectory("colorcache-e2e").resolve("demo.onnx");
        String version = DemoModel.write(model, 512).substring(0, 12);
        Map<String, String> shared = Map.of(
                "quarkus.redis.hosts", redis.uri(),
                "colorcache.model.id", MODEL_ID,
                "colorcache.model.version", version);
        Map<String, String> inferenceConfig = new java.util.HashMap<>(shared);
        inferenceConfig.putAll(Map.of("colorcache.model.path", model.toString(), "colorcache.model.providers", "cpu",
                "colorcache.worker.consumer", "e2e-worker"));
        inference = ServiceProcess.start("inference-service", inferenceApp, inferenceConfig);
        gateway = ServiceProcess.start("gateway-service", Path.of(System.getProperty("gateway.app")), shared);
        samples = Path.of(System.getProperty("samples.dir"));
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {gateway, inference, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void aModelFileThatDoesNotMatchItsVersionStopsTheInferenceServiceWithAClearError() throws Exception {
        Path model = Files.createTempFile("other", ".onnx");
        Files.write(model, "not the configured model".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> config = Map.of("quarkus.redis.hosts", redis.uri(), "colorcache.model.id", MODEL_ID,
                "colorcache.model.version", "0123abcd", "colorcache.model.path", model.toString(),
                "colorcache.model.providers", "cpu");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        ServiceProcess.start("mismatched-inference", Path.of(System.getProperty("inference.app")), config))
                .hasMessageContaining("exited with")
                .hasMessageContaining("does not match the configured version 0123abcd");
    }

    private static Response post(byte[] photo, String contentType) {
        return given().baseUri(gateway.baseUri()).contentType(contentType).body(photo).post("/v1/colorize");
    }

    @Test
    void samePhotoTwiceIsAMissThenAHitWithIdenticalBytesAndOriginalSize() throws Exception {
        byte[] photo = Files.readAllBytes(samples.resolve("einstein-rejection-and-crafting-a-future.jpg"));
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(photo));

        Response first = post(photo, "image/jpeg");
        first.then().statusCode(200).contentType("image/jpeg").header("X-Cache", "miss")
                .header("ETag", containsString(MODEL_ID + "@"));
        Response second = post(photo, "image/jpeg");
        second.then().statusCode(200).contentType("image/jpeg").header("X-Cache", "hit");

        assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
        BufferedImage colorized = ImageIO.read(new ByteArrayInputStream(first.asByteArray()));
        assertThat(colorized.getWidth()).isEqualTo(original.getWidth());
        assertThat(colorized.getHeight()).isEqualTo(original.getHeight());
        int rgb = colorized.getRGB(original.getWidth() / 2, original.getHeight() / 2);
        assertThat((rgb >> 16) & 0xff).as("the demo model's warm tint: red above blue").isGreaterThan(rgb & 0xff);
    }

    @Test
    void aClientThatNamesWebpGetsWebpFromThePackagedWorker() throws Exception {
        byte[] photo = Files.readAllBytes(samples.resolve("new-york-riverfront-december-15-1931.jpg"));
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(photo));
        Response webp = given().baseUri(gateway.baseUri()).contentType("image/jpeg").accept("image/webp").body(photo)
                .post("/v1/colorize");
        webp.then().statusCode(200).contentType("image/webp").header("X-Cache", "miss");
        byte[] body = webp.asByteArray();
        assertThat(new String(body, 0, 4, StandardCharsets.ISO_8859_1) + new String(body, 8, 4, StandardCharsets.ISO_8859_1))
                .isEqualTo("RIFFWEBP");
        // The JPEG of the same photo is another result, rendered from the colours the WebP's computation left.
        post(photo, "image/jpeg").then().statusCode(200).contentType("image/jpeg").header("X-Cache", "near");
        assertThat(original.getWidth()).isPositive();
    }

    @Test
    void sixteenConcurrentIdenticalUploadsMakeOneJobAndSixteenIdenticalAnswers() throws Exception {
        byte[] photo = Files.readAllBytes(samples.resolve("louis-armstrong-practicing-in-his-dressi.jpg"));
        String sha = Sha256.hex(photo);
        int clients = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Response>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            calls.add(pool.submit(() -> {
                start.await();
                return post(photo, "image/jpeg");
            }));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> call : calls) {
            responses.add(call.get());
        }
        pool.shutdown();

        byte[] expected = responses.get(0).asByteArray();
        long misses = 0;
        for (Response response : responses) {
            response.then().statusCode(200);
            assertThat(response.asByteArray()).isEqualTo(expected);
            misses += "miss".equals(response.header("X-Cache")) ? 1 : 0;
        }
        assertThat(misses).as("exactly one request started the computation").isEqualTo(1);
        assertThat(jobsFor(sha)).as("jobs on cc:jobs for this photo").isEqualTo(1);
    }

    @Test
    void anImageOnlyTheWorkerCannotDecodeFailsAtOnceWith422() {
        byte[] png = brokenPng(64, 48);
        Response response = post(png, "image/png");
        response.then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://colorcache.io/problems/undecodable-image"))
                .body("jobId", matchesPattern("[0-9a-f]{32}"));
        assertThat(response.time()).as("answered by the failure notice, not the deadline").isLessThan(30_000L);
    }

    @Test
    void bothServicesExposeHealthAndMetricsOnTheManagementPortOnly() {
        given().baseUri(gateway.managementUri()).get("/q/metrics").then().statusCode(200)
                .body(containsString("colorcache_gateway_requests_total"))
                .body(containsString("colorcache_gateway_l1_weight_bytes"));
        given().baseUri(inference.managementUri()).get("/q/metrics").then().statusCode(200)
                .body(containsString("colorcache_inference_stage_duration_seconds"));
        for (String path : new String[] {"/q/metrics", "/q/health/ready", "/q/health/live"}) {
            given().baseUri(gateway.baseUri()).get(path).then().statusCode(404);
        }
        given().baseUri(gateway.managementUri()).get("/q/health/live").then().statusCode(200);
    }

    @Test
    void everyColorcacheMetricTheChartsAlertsAndDashboardReadIsExported() throws Exception {
        post(Files.readAllBytes(samples.resolve("acrobats-balance-on-top-of-the-empire-st.jpg")), "image/jpeg")
                .then().statusCode(200);
        Path chart = Path.of(System.getProperty("chart.dir"));
        String read = Files.readString(chart.resolve("templates/monitoring/prometheusrule.yaml"))
                + Files.readString(chart.resolve("dashboards/colorcache.json"));
        Set<String> names = new TreeSet<>();
        Matcher metric = Pattern.compile("colorcache_[a-z0-9_]+").matcher(read);
        while (metric.find()) {
            names.add(metric.group());
        }
        assertThat(names).contains("colorcache_inference_dead_letters_total", "colorcache_gateway_redis_unavailable_total",
                "colorcache_inference_near_hits_total", "colorcache_gateway_rate_limited_total");
        String exported = given().baseUri(gateway.managementUri()).get("/q/metrics").asString()
                + given().baseUri(inference.managementUri()).get("/q/metrics").asString();
        for (String name : names) {
            assertThat(exported).as("%s, read by the chart's alerts or dashboard", name)
                    .containsPattern("(?m)^" + name + "[{ ]");
        }
    }

    @SuppressWarnings("unchecked")
    private static long jobsFor(String sha) {
        try (RespClient client = redis.client()) {
            List<Object> entries = client.list("XRANGE", KEYS.jobsStream(), "-", "+");
            return entries.stream().filter(e -> ((List<Object>) e).get(1).toString().contains(sha)).count();
        }
    }

    /** Passes the gateway's structural checks (valid chunks and CRCs) but holds no valid pixel data. */
    private static byte[] brokenPng(int width, int height) {
        return HandmadePng.withImageData(width, height, "definitely not zlib data".getBytes(StandardCharsets.US_ASCII));
    }
}
