package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.netty.buffer.PooledByteBufAllocator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Raw bodies as the reader takes them in: with and without Content-Length, behind
 * {@code Expect: 100-continue}, over the limit while streaming, and the memory they reserved
 * given back once answered.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class RawUploadTest {

    private static final String MODEL = "ddcolor-test@0123abcd";

    @TestHTTPResource("/v1/colorize")
    URI colorize;

    @Inject
    UploadBudget budget;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static byte[] cachedResultFor(byte[] upload, int seed) {
        byte[] result = TestImages.encoded("jpeg", 24, 24, seed);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", TestKeys.result(OutputFormat.JPEG, Sha256.hex(upload)), result, "EX", "100");
        }
        return result;
    }

    private HttpResponse<byte[]> post(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(colorize).header("Content-Type", "image/jpeg")
                .timeout(Duration.ofSeconds(10)).POST(body).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void http2UploadsNeedAContentLength() throws Exception {
        byte[] upload = TestImages.encoded("jpeg", 300, 200, 61);
        byte[] result = cachedResultFor(upload, 62);
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest.Builder post = HttpRequest.newBuilder(colorize).header("Content-Type", "image/jpeg");

        // The first request upgrades the connection (h2c) with its body; the second is a plain HTTP/2 stream.
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> response = h2.send(post.POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).isEqualTo(result);
        }
        HttpResponse<byte[]> unsized = h2.send(post.POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(upload))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(unsized.statusCode()).isEqualTo(411);
        assertThat(new String(unsized.body())).contains("/problems/length-required");
    }

    @Test
    void chunkedBodyIsHashedLikeADeclaredOne() throws Exception {
        byte[] upload = TestImages.encoded("jpeg", 300, 200, 41);
        byte[] result = cachedResultFor(upload, 42);

        HttpResponse<byte[]> chunked = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(upload)));
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.headers().firstValue("ETag")).hasValue("\"" + MODEL + ":jpeg:" + Sha256.hex(upload) + "\"");
        assertThat(chunked.body()).isEqualTo(result);
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        byte[] upload = TestImages.encoded("jpeg", 320, 240, 43);
        byte[] result = cachedResultFor(upload, 44);

        try (Socket socket = new Socket(colorize.getHost(), colorize.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/colorize HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + upload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(readHead(in)).startsWith("HTTP/1.1 100 Continue");

            out.write(upload);
            out.flush();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + result.length);
            byte[] body = new byte[result.length];
            in.readFully(body);
            assertThat(body).isEqualTo(result);
        }
    }

    @Test
    void theReservationLastsUntilTheAnswerHasLeft() throws Exception {
        byte[] upload = TestImages.encoded("jpeg", 64, 48, 71);
        byte[] result = Arrays.copyOf(TestImages.encoded("jpeg", 16, 16, 72), 12_000_000);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", TestKeys.result(OutputFormat.JPEG, Sha256.hex(upload)), result, "EX", "100");
        }
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(colorize.getHost(), colorize.getPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/colorize HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\n"
                    + "Content-Length: " + upload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(upload);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(readHead(in)).startsWith("HTTP/1.1 200");

            // 12 MB cannot sit in the socket buffers of a client that does not read: the answer is
            // counted at its own size (the upload's room grown to it) until it has left.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> budget.reservedBytes()
                    == result.length);
            byte[] body = new byte[result.length];
            in.readFully(body);
            assertThat(body).isEqualTo(result);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.reservedBytes() == 0);
    }

    @Test
    void answersGiveTheirPooledBuffersBack() {
        byte[] upload = TestImages.encoded("jpeg", 64, 48, 73);
        byte[] result = Arrays.copyOf(TestImages.encoded("jpeg", 16, 16, 74), 1_000_000);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", TestKeys.result(OutputFormat.JPEG, Sha256.hex(upload)), result, "EX", "100");
        }
        PooledByteBufAllocator pool = (PooledByteBufAllocator) VertxByteBufAllocator.POOLED_ALLOCATOR;
        given().contentType("image/jpeg").body(upload).post("/v1/colorize").then().statusCode(200);
        long before = pool.metric().usedDirectMemory();
        for (int i = 0; i < 40; i++) {
            given().contentType("image/jpeg").body(upload).post("/v1/colorize").then().statusCode(200);
        }
        assertThat(pool.metric().usedDirectMemory() - before).as("40 answers of 1 MB").isLessThan(10_000_000);
    }

    /** Reads a response head up to its blank line. */
    private static String readHead(DataInputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    @Test
    void chunkedBodyOverTheLimitIs413WhileStreaming() throws Exception {
        byte[] big = Arrays.copyOf(TestImages.encoded("jpeg", 32, 32, 45), 2_500_000);
        HttpResponse<byte[]> response = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(big)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        assertThat(new String(response.body())).contains("/problems/payload-too-large").contains("2000000");
    }

    @Test
    void reservedMemoryIsGivenBackOnceAnswered() throws Exception {
        byte[] upload = TestImages.encoded("jpeg", 64, 64, 46);
        cachedResultFor(upload, 47);
        for (int i = 0; i < 5; i++) {
            given().contentType("image/jpeg").body(upload).post("/v1/colorize").then().statusCode(200);
            given().contentType("image/jpeg").body(new byte[] {1, 2, 3}).post("/v1/colorize").then().statusCode(415);
        }
        post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[3_000_000])));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(budget.reservedBytes()).isZero();
            assertThat(budget.waitingCount()).isZero();
        });
    }
}
