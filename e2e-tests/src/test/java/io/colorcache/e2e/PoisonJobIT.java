package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.KeySchema;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A poison job: it passes the gateway's checks (49 MP, under the 50 MP limit) but kills the
 * worker that decodes it (a heap too small for it, and the JVM set to exit on OutOfMemoryError,
 * as it should be in production). Restarted like a pod, the worker is killed again until the job
 * reaches max-attempts; then it is dead-lettered, its caller is told, and every other job is done.
 */
class PoisonJobIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    @Test
    void aJobThatKillsItsWorkerIsDeadLetteredAfterMaxAttemptsAndHarmsNoOtherJob() throws Exception {
        Path inferenceApp = Path.of(System.getProperty("inference.app"));
        Path model = Files.createTempDirectory("colorcache-poison").resolve("demo.onnx");
        String version = DemoModel.write(model, 64).substring(0, 12);
        byte[] photo = Files.readAllBytes(Path.of(System.getProperty("samples.dir"), "einstein-rejection-and-crafting-a-future.jpg"));
        byte[] poison = hugeFlatJpeg(7000, 7000);

        try (RedisServer redis = RedisServer.start()) {
            Map<String, String> shared = Map.of("quarkus.redis.hosts", redis.uri(),
                    "colorcache.model.id", "ddcolor-poison", "colorcache.model.version", version);
            Map<String, String> workerConfig = new java.util.HashMap<>(shared);
            workerConfig.putAll(Map.of("colorcache.model.path", model.toString(), "colorcache.model.providers", "cpu",
                    "colorcache.worker.consumer", "poisoned-worker",
                    "colorcache.worker.visibility-timeout", "2s", "colorcache.worker.reclaim-interval", "300ms",
                    "colorcache.worker.max-attempts", "3"));
            List<String> jvm = List.of("-Xmx160m", "-XX:+ExitOnOutOfMemoryError");
            try (ServiceProcess gateway = ServiceProcess.start("gateway-poison", Path.of(System.getProperty("gateway.app")),
                    shared)) {
                ServiceProcess worker = ServiceProcess.start("inference-poison", inferenceApp, workerConfig, jvm);
                int crashes = 0;
                try {
                    CompletableFuture<Response> poisonCall = CompletableFuture.supplyAsync(() -> given()
                            .baseUri(gateway.baseUri()).contentType("image/jpeg").body(poison).post("/v1/colorize"));
                    List<String> others = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        byte[] upload = Arrays.copyOf(photo, photo.length + 1);
                        upload[photo.length] = (byte) i;
                        others.add(given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(upload)
                                .post("/v1/jobs").then().statusCode(202).extract().path("id"));
                    }
                    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                    while (System.nanoTime() < deadline && !(poisonCall.isDone() && allDone(gateway, others))) {
                        if (!worker.isAlive()) {
                            crashes++;
                            // Like a pod restart: not waited for, since it may take the poison job and die
                            // again before it reports ready.
                            worker = ServiceProcess.launch("inference-poison", inferenceApp, workerConfig, jvm);
                        }
                        Thread.sleep(200);
                    }
                    Response answer = poisonCall.get();
                    System.out.printf("Poison job: worker crashes=%d, caller got %d (%s); other jobs done=%s%n",
                            crashes, answer.statusCode(), answer.path("detail"), allDone(gateway, others));
                    answer.then().statusCode(500).contentType("application/problem+json");
                    assertThat((String) answer.path("type")).endsWith("/job-failed");
                    assertThat((String) answer.path("detail")).as("the worker's reason stays with the operators")
                            .isEqualTo(FailureCode.INTERNAL.publicDetail());
                    assertThat(crashes).as("one crash per attempt").isEqualTo(3);
                    assertThat(allDone(gateway, others)).as("every other job done").isTrue();
                    try (RespClient client = redis.client()) {
                        assertThat(client.list("XRANGE", KEYS.deadLetterStream(), "-", "+").toString())
                                .contains(answer.path("jobId").toString()).contains("gave up after 3 attempts");
                    }
                } finally {
                    worker.close();
                }
            }
        }
    }

    private static boolean allDone(ServiceProcess gateway, List<String> ids) {
        return ids.stream().allMatch(id -> "done".equals(given().baseUri(gateway.baseUri()).get("/v1/jobs/" + id).path("state")));
    }

    private static byte[] hugeFlatJpeg(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}
