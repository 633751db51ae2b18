package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.gateway.TestImages;
import io.colorcache.testsupport.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: connections that declare large uploads and trickle their bytes held the whole upload
 * budget (reserved for the declared length up front) until the idle timeout, so every other upload
 * waited and got 503. Now a reservation grows only as bytes arrive, so trickling uploads hold their
 * first step and an honest upload goes through beside them; and a body slower than the minimum
 * rate, once its grace has passed, is ended with 408 and its memory given back.
 */
@QuarkusTest
@TestProfile(SlowUploadTest.StrictRate.class)
@QuarkusTestResource(RedisTestResource.class)
class SlowUploadTest {

    private static final int DECLARED = 900_000;

    public static class StrictRate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Room for two uploads of this size, so two slow ones fill it.
            return Map.of("colorcache.gateway.uploads.max-bytes-in-flight", "4000000",
                    "colorcache.gateway.uploads.max-wait", "1s",
                    "colorcache.gateway.uploads.min-bytes-per-second", "20000",
                    "colorcache.gateway.uploads.body-grace", "1s");
        }
    }

    @TestHTTPResource("/")
    URI server;

    @Inject
    UploadBudget budget;

    private Socket slowUpload() throws IOException {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\n"
                + "Content-Length: " + DECLARED + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[100]);
        out.flush();
        return socket;
    }

    @Test
    void tricklingUploadsAreEndedAndTheirMemoryGivenBack() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            slow.add(slowUpload());
            slow.add(slowUpload());
            long firstStep = (long) UploadBudget.BYTES_PER_UPLOAD_BYTE * UploadBodyReader.FIRST_CAPACITY;
            await().atMost(Duration.ofSeconds(5)).until(() -> budget.reservedBytes() == 2 * firstStep);
            given().contentType("image/jpeg").body(TestImages.encoded("jpeg", 40, 30, 9951)).post("/v1/jobs")
                    .then().statusCode(202);
            long start = System.nanoTime();
            for (Socket socket : slow) {
                // Ten bytes now and then: alive, but far below the minimum rate.
                socket.getOutputStream().write(new byte[10]);
                String answer = readAnswer(socket);
                assertThat(answer).startsWith("HTTP/1.1 408").contains("request-timeout");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> budget.reservedBytes() == 0);
            // The budget is free for honest uploads again.
            given().contentType("image/jpeg").body(TestImages.encoded("jpeg", 40, 30, 9950)).post("/v1/jobs")
                    .then().statusCode(202);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        StringBuilder answer = new StringBuilder();
        for (int n; (n = in.read(buffer)) > 0; ) {
            answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
        return answer.toString();
    }
}
