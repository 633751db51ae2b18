package io.colorcache.inference.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.colorcache.inference.DemoModelTestResource;
import io.colorcache.inference.model.CudaProbe;
import io.colorcache.inference.model.ModelHolder;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.QueuedJobs;
import io.colorcache.testsupport.QueuedJobs.Queued;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DemoModelTestResource.class, restrictToAnnotatedClass = true)
class JobWorkerTest {

    @Inject
    ModelHolder model;

    @Inject
    KeySchema keys;

    @Inject
    io.colorcache.inference.redis.JobStream streams;

    @Inject
    QueueLagGauges lagGauges;

    @Test
    void colorizesAJobAndAnnouncesIt() throws Exception {
        byte[] upload = png(gradient(120, 80));
        Queued job = enqueue(upload, OutputFormat.PNG);

        try (RespClient redis = RedisTestResource.server().client()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.jobIn(keys.job(job.jobId()), JobState.DONE));
            byte[] result = redis.bytes("GET", job.resultKey());
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(result));
            assertThat(image.getWidth()).isEqualTo(120);
            assertThat(image.getHeight()).isEqualTo(80);
            int rgb = image.getRGB(60, 40);
            assertThat((rgb >> 16) & 0xff).as("the demo model tints warm: red above blue").isGreaterThan(rgb & 0xff);
            assertThat(redis.number("PTTL", job.resultKey())).isGreaterThan(Duration.ofDays(6).toMillis());
            assertThat(redis.number("EXISTS", keys.lock(job.resultKey()))).as("lock released").isZero();
            assertThat(redis.number("EXISTS", keys.input(Sha256.hex(upload)))).as("upload deleted once done").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> pending(redis) == 0);
            // Counted when queued (QueuedJobs, as the gateway), taken off by the acknowledgement.
            await().atMost(Duration.ofSeconds(10)).until(() -> queuedBytes(redis) == 0);
        }
    }

    @Test
    void anUploadRetainedForTheWarmerOutlivesItsJob() throws Exception {
        byte[] upload = png(GeneratedImages.gradient(40, 30, 7));
        String inputKey = keys.input(Sha256.hex(upload));
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", inputKey, upload, "PX", Long.toString(Duration.ofDays(7).toMillis()));
        }
        Queued job = enqueue(upload, OutputFormat.JPEG);

        try (RespClient redis = RedisTestResource.server().client()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.jobIn(keys.job(job.jobId()), JobState.DONE));
            assertThat(redis.number("PTTL", inputKey)).isGreaterThan(Duration.ofDays(6).toMillis());
        }
    }

    @Test
    void undecodableInputFailsTheJobAndDeadLettersIt() throws Exception {
        byte[] garbage = "\u0089PNG\r\n\u001a\n but not really a PNG".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Queued job = enqueue(garbage, OutputFormat.JPEG);

        try (RespClient redis = RedisTestResource.server().client()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.jobIn(keys.job(job.jobId()), JobState.FAILED));
            assertThat(redis.job(keys.job(job.jobId())).orElseThrow().failureCode()).isEqualTo(FailureCode.UNDECODABLE_IMAGE);
            assertThat(redis.number("EXISTS", job.resultKey())).isZero();
            assertThat(redis.number("EXISTS", keys.lock(job.resultKey()))).isZero();
            // Dead-lettered just after its state is written.
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.list("XRANGE", keys.deadLetterStream(), "-", "+")
                    .toString().contains(job.jobId()));
            assertThat(redis.list("XRANGE", keys.deadLetterStream(), "-", "+").toString()).contains("undecodable-image");
            // The record says where, so that erasing the photo finds the entry.
            String deadEntry = await().atMost(Duration.ofSeconds(10)).until(
                    () -> redis.string("HGET", keys.job(job.jobId()), JobRecord.DEAD_ENTRY), java.util.Objects::nonNull);
            assertThat(redis.list("XRANGE", keys.deadLetterStream(), deadEntry, deadEntry).toString())
                    .contains(job.jobId());
            given().get("/q/metrics").then().body(org.hamcrest.Matchers.matchesPattern(
                    "(?s).*\ncolorcache_inference_dead_letters_total\\{code=\"undecodable-image\"[^}]*} [1-9].*"));
            await().atMost(Duration.ofSeconds(10)).until(() -> pending(redis) == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> queuedBytes(redis) == 0);
        }
    }

    @Test
    void aForgedMessageCannotMakeTheWorkerReadOrWriteKeysOfItsChoosing() throws Exception {
        byte[] upload = png(GeneratedImages.gradient(40, 30, 11));
        String sha = Sha256.hex(upload);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", keys.input(sha), upload, "PX", "600000");
            redis.run("SET", "victim:config", "precious");
            // Anyone who can XADD: a job whose result would overwrite another application's key.
            JobMessage forged = new JobMessage(JobIds.next(), "victim:config", keys.input(sha), sha, OutputFormat.PNG,
                    System.currentTimeMillis(), "", Priority.INTERACTIVE, true);
            redis.xadd(keys.jobsStream(), forged.toFields());
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.list("XRANGE", keys.deadLetterStream(), "-", "+")
                    .toString().contains(forged.jobId()));
            assertThat(redis.string("GET", "victim:config")).isEqualTo("precious");
            assertThat(redis.list("XRANGE", keys.deadLetterStream(), "-", "+").toString()).contains("invalid-job");
            assertThat(redis.string("HGET", keys.job(forged.jobId()), "errorCode"))
                    .isEqualTo(FailureCode.INVALID_JOB.token());

            // A job of the next model version, met by this older worker during a rolling upgrade.
            String nextModelsKey = keys.result(new ModelRef("ddcolor-next", "feedfacecafe"), OutputFormat.PNG, sha);
            JobMessage next = new JobMessage(JobIds.next(), nextModelsKey, keys.input(sha), sha, OutputFormat.PNG,
                    System.currentTimeMillis(), "", Priority.INTERACTIVE, true);
            redis.xadd(keys.jobsStream(), next.toFields());
            await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(redis.string("HGET", keys.job(next.jobId()),
                    "error")).contains("left for a worker of that model"));
            assertThat(redis.number("EXISTS", nextModelsKey)).as("never written by another model").isZero();
        }
    }

    @Test
    void aScanBombQueuedWithoutTheGatewayFailsOnceWithoutBeingDecoded() throws Exception {
        // A job message can name any upload: the worker checks its structure as the gateway does.
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        byte[] jpeg = javaJpeg();
        bomb.write(jpeg, 0, jpeg.length - 2);
        for (int i = 0; i < 3000; i++) {
            bomb.write(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x55});
        }
        bomb.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
        Queued job = enqueue(bomb.toByteArray(), OutputFormat.JPEG);

        try (RespClient redis = RedisTestResource.server().client()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.jobIn(keys.job(job.jobId()), JobState.FAILED));
            assertThat(redis.job(keys.job(job.jobId())).orElseThrow().failureCode()).isEqualTo(FailureCode.UNDECODABLE_IMAGE);
            assertThat(redis.job(keys.job(job.jobId())).orElseThrow().error()).contains("scans");
            assertThat(redis.job(keys.job(job.jobId())).orElseThrow().attempts()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> pending(redis) == 0);
        }
    }

    private static byte[] javaJpeg() throws java.io.IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void anExistingResultIsReusedNotRecomputed() throws Exception {
        byte[] upload = png(gradient(30, 20));
        byte[] existing = "already computed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String resultKey = keys.result(model.model(), OutputFormat.PNG, Sha256.hex(upload));
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", resultKey, existing, "EX", "600");
        }
        Queued job = enqueue(upload, OutputFormat.PNG);

        try (RespClient redis = RedisTestResource.server().client()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.jobIn(keys.job(job.jobId()), JobState.DONE));
            assertThat(redis.bytes("GET", resultKey)).isEqualTo(existing);
            assertThat(redis.number("EXISTS", keys.lock(resultKey))).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> pending(redis) == 0);
        }
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "colorcache_inference_jobs_total{outcome=\"reused\"} 1.0"));
    }

    @Test
    void theLagIsWhatNoWorkerHasBeenHandedYet() {
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("XGROUP", "CREATE", "lag-probe", "inference", "$", "MKSTREAM");
            for (int i = 0; i < 3; i++) {
                redis.run("XADD", "lag-probe", "*", "n", Integer.toString(i));
            }
            assertThat(streams.lag("lag-probe", "inference")).isEqualTo(3);
            redis.run("XREADGROUP", "GROUP", "inference", "probe", "COUNT", "2", "STREAMS", "lag-probe", ">");
            assertThat(streams.lag("lag-probe", "inference")).isEqualTo(1);
        }
        assertThat(streams.lag("no-such-stream", "inference")).isZero();
    }

    @Test
    void readinessNeedsTheModelAndRedis() {
        await().atMost(Duration.ofSeconds(30)).until(() -> model.colorizer().isPresent());
        // Configured as tensorrt,cuda,cpu: without NVIDIA libraries the service falls back to the CPU.
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("model"))
                .body("checks.find { it.name == 'model' }.data.provider",
                        equalTo(CudaProbe.available() ? model.colorizer().orElseThrow().provider().token() : "cpu"));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("provider=\"cpu\""));
        given().get("/q/health/started").then().statusCode(200);
        // Read from the bean: gauges of the earlier Quarkus apps in this test JVM shadow it in /q/metrics.
        await().atMost(Duration.ofSeconds(15)).until(() -> lagGauges.current("interactive") == 0.0);
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("process"));
    }

    private long pending(RespClient redis) {
        @SuppressWarnings("unchecked")
        List<Object> summary = redis.list("XPENDING", keys.jobsStream(), "inference");
        return (Long) summary.get(0);
    }

    /** The interactive stream's queued input bytes. */
    private long queuedBytes(RespClient redis) {
        String value = redis.string("GET", keys.queuedBytes(keys.jobsStream()));
        return value == null ? 0 : Long.parseLong(value);
    }

    private Queued enqueue(byte[] upload, OutputFormat format) {
        try (RespClient redis = RedisTestResource.server().client()) {
            return QueuedJobs.enqueue(redis, keys, model.model(), upload, format);
        }
    }

    private static byte[] png(BufferedImage image) {
        return GeneratedImages.encode(image, "png");
    }

    private static BufferedImage gradient(int width, int height) {
        return GeneratedImages.gradient(width, height, 0);
    }
}
