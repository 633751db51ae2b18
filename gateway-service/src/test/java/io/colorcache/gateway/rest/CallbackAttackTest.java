package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import io.colorcache.gateway.TestImages;
import io.colorcache.gateway.WorkerSteps;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callbacks attacked: URLs aimed at loopback, link-local metadata and private addresses (as
 * literals and through names, one of them re-pointed between submission and delivery), a redirect
 * inside, an endless answer, and repeats of one cached submission. A victim server on 127.0.0.1
 * must never hear from the gateway; the receiver on 127.0.0.2 is the one address range the test
 * profile allows (colorcache.gateway.callback.allowed-cidrs).
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class CallbackAttackTest {

    private HttpServer victim;
    private HttpServer receiver;
    private final List<String> victimHeard = new CopyOnWriteArrayList<>();
    private final List<String> receiverHeard = new CopyOnWriteArrayList<>();
    private final AtomicLong endlessBytesWritten = new AtomicLong();

    @BeforeEach
    void startServers() throws IOException {
        victim = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        victim.createContext("/", exchange -> {
            victimHeard.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        victim.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        receiver.createContext("/ok", exchange -> {
            receiverHeard.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/redirect", exchange -> {
            receiverHeard.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", victimUrl("/stolen"));
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.createContext("/endless", exchange -> {
            receiverHeard.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 16 * 1024; i++) { // 1 GiB, unless the reader stops
                    out.write(chunk);
                    endlessBytesWritten.addAndGet(chunk.length);
                }
            } catch (IOException readerGone) {
                // The gateway reset the stream: what this test wants.
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopServers() {
        victim.stop(0);
        receiver.stop(0);
    }

    private String victimUrl(String path) {
        return "http://127.0.0.1:" + victim.getAddress().getPort() + path;
    }

    private String receiverUrl(String host, String path) {
        return "http://" + host + ":" + receiver.getAddress().getPort() + path;
    }

    /** Submits a new photo with the callback, then does the worker's part so the callback is due. */
    private void submitAndFinish(byte[] photo, String callbackUrl) {
        String id = given().contentType("image/jpeg").queryParam("callbackUrl", callbackUrl).body(photo)
                .post("/v1/jobs").then().statusCode(202).extract().path("id");
        try (RespClient redis = RedisTestResource.server().client()) {
            WorkerSteps.done(redis, id, TestKeys.result(OutputFormat.JPEG, Sha256.hex(photo)),
                    TestImages.encoded("jpeg", 40, 30, 1));
        }
    }

    @Test
    void callbacksAimedAtInternalAddressesAreRefusedAndNothingReachesThem() {
        int port = victim.getAddress().getPort();
        List<String> aimedInside = List.of(
                victimUrl("/hook"),
                "http://localhost:" + port + "/hook",
                "http://rebind.colorcache.test:" + port + "/hook",
                "http://[::1]:" + port + "/hook",
                "http://[::ffff:127.0.0.1]:" + port + "/hook",
                "http://0.0.0.0:" + port + "/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://metadata.colorcache.test/latest/meta-data/",
                "http://10.0.0.5/hook",
                "http://100.64.1.1/hook",
                "http://192.168.1.1/hook",
                "http://mixed.colorcache.test/hook",
                "http://user:pass@example.com/hook");
        for (String url : aimedInside) {
            given().contentType("image/jpeg").queryParam("callbackUrl", url)
                    .body(TestImages.encoded("jpeg", 40, 30, 9700)).post("/v1/jobs")
                    .then().statusCode(422).body("type", equalTo(ProblemType.INVALID_CALLBACK_URL.uri()));
        }
        given().contentType("image/jpeg").queryParam("callbackUrl", "http://metadata.colorcache.test/x")
                .body(TestImages.encoded("jpeg", 40, 30, 9700)).post("/v1/jobs")
                .then().body("detail", containsString("169.254.0.0/16"));
        assertThat(victimHeard).isEmpty();
    }

    @Test
    void aNameRepointedInsideAfterSubmissionIsNotCalled() throws IOException, URISyntaxException {
        Path hosts = Path.of(getClass().getResource("/test-hosts").toURI());
        String original = Files.readString(hosts);
        try {
            Files.writeString(hosts, original + "127.0.0.2 rebinding.colorcache.test\n");
            byte[] photo = TestImages.encoded("jpeg", 40, 30, 9701);
            String id = given().contentType("image/jpeg")
                    .queryParam("callbackUrl", "http://rebinding.colorcache.test:" + victim.getAddress().getPort()
                            + "/hook")
                    .body(photo).post("/v1/jobs").then().statusCode(202).extract().path("id");
            // The attacker's DNS now answers loopback, where the victim listens on the same port.
            Files.writeString(hosts, original + "127.0.0.1 rebinding.colorcache.test\n");
            try (RespClient redis = RedisTestResource.server().client()) {
                WorkerSteps.done(redis, id, TestKeys.result(OutputFormat.JPEG, Sha256.hex(photo)),
                        TestImages.encoded("jpeg", 40, 30, 1));
            }
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(victimHeard::isEmpty);
        } finally {
            Files.writeString(hosts, original);
        }
    }

    @Test
    void aRedirectIsNotFollowedNorRetried() {
        submitAndFinish(TestImages.encoded("jpeg", 40, 30, 9702), receiverUrl("receiver.colorcache.test", "/redirect"));
        await().atMost(Duration.ofSeconds(5)).until(() -> receiverHeard.contains("/redirect"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiverHeard.size() == 1);
        assertThat(victimHeard).isEmpty();
    }

    @Test
    void anEndlessAnswerIsCutOffAfterAFewKilobytes() {
        submitAndFinish(TestImages.encoded("jpeg", 40, 30, 9703), receiverUrl("127.0.0.2", "/endless"));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiverHeard.contains("/endless"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> endlessBytesWritten.get() < 64L * 1024 * 1024);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aCachedPhotoSubmittedAgainAndAgainIsCalledBackOnce() {
        byte[] photo = TestImages.encoded("jpeg", 40, 30, 9704);
        submitAndFinish(photo, receiverUrl("receiver.colorcache.test", "/ok"));
        await().atMost(Duration.ofSeconds(5)).until(() -> receiverHeard.size() == 1);
        for (int i = 0; i < 10; i++) {
            given().contentType("image/jpeg").queryParam("callbackUrl", receiverUrl("receiver.colorcache.test", "/ok"))
                    .body(photo).post("/v1/jobs").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> receiverHeard.size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiverHeard.size() == 2);
    }
}
