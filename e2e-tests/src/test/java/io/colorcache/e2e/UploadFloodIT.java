package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Forty clients post a 20 MB multipart upload at once to a gateway with the chart's heap (60 % of
 * 1 GiB, exiting on OutOfMemoryError). Multipart bodies used to bypass the upload budget and be read
 * whole into the heap (twice: RESTEasy's buffer and its copy), so this flood ran the gateway out of
 * memory. Now every body is read within the one budget: the gateway stays up, each client gets an
 * answer (accepted, or 503 uploads-busy to retry), and the budget is empty afterwards.
 */
class UploadFloodIT {

    private static final int CLIENTS = 40;
    private static final int IMAGE_BYTES = 20 * 1024 * 1024 - 4096;
    private static final String BOUNDARY = "colorcache-flood";

    @Test
    void fortyParallelTwentyMegabyteMultipartPostsLeaveTheGatewayUpWithinItsHeap() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ServiceProcess gateway = ServiceProcess.start("gateway-flood", Path.of(System.getProperty("gateway.app")),
                        Map.of("quarkus.redis.hosts", redis.uri(), "colorcache.model.id", "ddcolor-flood",
                                "colorcache.model.version", "f100d0000000"),
                        List.of("-Xmx614m", "-XX:+ExitOnOutOfMemoryError"))) {
            byte[] body = multipart(photoPaddedTo(IMAGE_BYTES));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUri() + "/v1/jobs"))
                    .timeout(Duration.ofMinutes(3))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            List<CompletableFuture<String>> answers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < CLIENTS; i++) {
                answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .handle((response, failure) -> failure != null ? "no answer: " + failure
                                : response.statusCode() + " " + problemType(response.body())));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            Map<String, Integer> outcomes = new TreeMap<>();
            for (CompletableFuture<String> answer : answers) {
                outcomes.merge(answer.get(), 1, Integer::sum);
            }
            System.out.printf("Upload flood: %d clients x %.1f MiB multipart -> %s, all answered within %d s%n", CLIENTS,
                    body.length / 1048576.0, outcomes, seconds);

            assertThat(gateway.isAlive()).as("gateway alive after the flood").isTrue();
            assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
            assertThat(outcomes.keySet()).as("only acceptance or a busy refusal")
                    .allMatch(outcome -> outcome.startsWith("202") || outcome.startsWith("200")
                            || outcome.equals("503 uploads-busy"));
            assertThat(outcomes.getOrDefault("202 -", 0) + outcomes.getOrDefault("200 -", 0)).isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() -> reservedBytes(gateway) == 0);
            given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photoPaddedTo(0)).post("/v1/jobs")
                    .then().statusCode(202);
        }
    }

    private static byte[] photoPaddedTo(int size) throws Exception {
        byte[] photo = Files.readAllBytes(Path.of(System.getProperty("samples.dir"), "abandoned-boy-holding-a-stuffed-toy-anim.jpg"));
        // Bytes after the JPEG's end marker: the same photo to every decoder, as large as the test wants.
        return size <= photo.length ? photo : java.util.Arrays.copyOf(photo, size);
    }

    private static byte[] multipart(byte[] image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.length + 512);
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(image);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String problemType(String body) {
        Matcher type = Pattern.compile("\"type\"\\s*:\\s*\"[^\"]*/([a-z-]+)\"").matcher(body);
        return type.find() ? type.group(1) : "-";
    }

    private static double reservedBytes(ServiceProcess gateway) {
        String metrics = given().baseUri(gateway.managementUri()).get("/q/metrics").asString();
        Matcher gauge = Pattern.compile("(?m)^colorcache_gateway_uploads_reserved_bytes(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
    }
}
