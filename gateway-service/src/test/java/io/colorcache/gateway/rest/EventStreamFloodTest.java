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
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An SSE flood: every open event stream reads Redis once per re-check interval, so one tenant may
 * hold only a few open on a gateway, the gateway only so many, and none stays open for ever.
 */
@QuarkusTest
@TestProfile(EventStreamFloodTest.FewStreams.class)
@QuarkusTestResource(RedisTestResource.class)
class EventStreamFloodTest {

    static final String ALICE = "alice-key-44444444444444444444444444444444";
    static final String BOB = "bob-key-55555555555555555555555555555555555";
    static final Path KEY_FILE = TestKeyFile.path("streams");

    public static class FewStreams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestKeyFile.write(KEY_FILE, TestKeyFile.line("alice", ALICE, "") + TestKeyFile.line("bob", BOB, ""));
            return Map.of("colorcache.auth.mode", "api-key", "colorcache.auth.api-keys-file", KEY_FILE.toString(),
                    "colorcache.gateway.events.max-streams", "5",
                    "colorcache.gateway.events.max-streams-per-tenant", "3",
                    "colorcache.gateway.events.max-lifetime", "3s");
        }
    }

    @TestHTTPResource
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A queued job of the tenant's: its events stream until the lifetime ends. */
    private static String queuedJob(String key, int seed) {
        return given().header("Authorization", "Bearer " + key).contentType("image/jpeg")
                .body(TestImages.encoded("jpeg", 40, 30, seed)).post("/v1/jobs").then().statusCode(202)
                .extract().path("id");
    }

    private HttpResponse<InputStream> open(String key, String jobId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "v1/jobs/" + jobId + "/events"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void aTenantGetsAFewStreamsTheGatewayAFewMoreAndNoneLastsForEver() throws Exception {
        String alicesJob = queuedJob(ALICE, 9900);
        String bobsJob = queuedJob(BOB, 9901);
        List<HttpResponse<InputStream>> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(open(ALICE, alicesJob));
                assertThat(held.get(i).statusCode()).isEqualTo(200);
            }
            HttpResponse<InputStream> fourth = open(ALICE, alicesJob);
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(new String(fourth.body().readAllBytes())).contains("too-many-event-streams");

            held.add(open(BOB, bobsJob));
            held.add(open(BOB, bobsJob));
            HttpResponse<InputStream> sixth = open(BOB, bobsJob);
            assertThat(sixth.statusCode()).as("the gateway's five are open").isEqualTo(503);
            assertThat(sixth.headers().firstValue("Retry-After")).isPresent();

            // A stream closed by its client frees its place.
            held.remove(0).body().close();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                HttpResponse<InputStream> again = open(ALICE, alicesJob);
                if (again.statusCode() == 200) {
                    held.add(again);
                    return true;
                }
                again.body().close();
                return false;
            });

            // Every stream ends by itself within its lifetime, though the job is still queued.
            long start = System.nanoTime();
            for (HttpResponse<InputStream> stream : held) {
                stream.body().readAllBytes();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            held.add(open(ALICE, alicesJob));
            assertThat(held.get(held.size() - 1).statusCode()).as("all places are free again").isEqualTo(200);
        } finally {
            for (HttpResponse<InputStream> stream : held) {
                stream.body().close();
            }
        }
    }
}
