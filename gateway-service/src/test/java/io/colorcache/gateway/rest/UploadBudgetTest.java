package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Upload memory as a budget: with room for one upload of the largest size (and its result), a second upload
 * waits unread while the first is held, goes through once the first is answered, and is refused
 * with 503 uploads-busy when the room does not come within max-wait.
 */
@QuarkusTest
@TestProfile(UploadBudgetTest.OneUploadAtATime.class)
@QuarkusTestResource(RedisTestResource.class)
class UploadBudgetTest {

    private static final int HELD_LENGTH = 1_999_000;

    public static class OneUploadAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("colorcache.gateway.uploads.max-bytes-in-flight", "1",
                    "colorcache.gateway.uploads.max-wait", "1500ms");
        }
    }

    @TestHTTPResource("/")
    URI server;

    @Inject
    UploadBudget budget;

    /** A connection that declares a large body and sends all but its last 1000 bytes: its reservation has grown to the whole. */
    private Socket holdUpload() throws Exception {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/colorize HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\n"
                + "Content-Length: " + HELD_LENGTH + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[HELD_LENGTH - 1000]);
        out.flush();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(budget.reservedBytes())
                .isEqualTo(UploadBudget.BYTES_PER_UPLOAD_BYTE * HELD_LENGTH));
        return socket;
    }

    private static byte[] cachedUpload(int seed) {
        byte[] upload = TestImages.encoded("jpeg", 200, 150, seed);
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(upload.length).as("more than the room the held upload leaves").isGreaterThan(2_000_000 - HELD_LENGTH);
            redis.run("SET", TestKeys.result(OutputFormat.JPEG, Sha256.hex(upload)),
                    TestImages.encoded("jpeg", 16, 16, seed + 1), "EX", "100");
        }
        return upload;
    }

    private static CompletableFuture<Response> postLater(byte[] upload) {
        return CompletableFuture.supplyAsync(() -> given().contentType("image/jpeg").body(upload).post("/v1/colorize"));
    }

    @Test
    void aWaitingUploadGoesThroughOnceTheHeldOneIsAnswered() throws Exception {
        byte[] upload = cachedUpload(51);
        try (Socket held = holdUpload()) {
            CompletableFuture<Response> waiting = postLater(upload);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(budget.waitingCount()).isOne());
            assertThat(waiting).isNotDone();

            held.getOutputStream().write(new byte[1000]);
            held.getOutputStream().flush();
            InputStream in = held.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 415");

            waiting.get().then().statusCode(200).header("X-Cache", "hit");
        }
    }

    @Test
    void anUploadThatFindsNoRoomWithinMaxWaitIs503() throws Exception {
        byte[] upload = cachedUpload(53);
        try (Socket held = holdUpload()) {
            postLater(upload).get().then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                    .header("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS)
                    .body("type", equalTo(ProblemType.UPLOADS_BUSY.uri()));
        }
        // The held connection is gone: its reservation with it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(budget.reservedBytes()).isZero());
        given().contentType("image/jpeg").body(upload).post("/v1/colorize").then().statusCode(200);
    }
}
