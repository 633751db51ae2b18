package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code colorcache.auth.mode=api-key}: keys from a file of their SHA-256s, read again while the
 * gateway runs. (In mode none, the default, the same requests without a key are served:
 * {@code ColorizeCacheTest}.)
 */
@QuarkusTest
@TestProfile(ApiKeyAuthTest.KeyFile.class)
@QuarkusTestResource(RedisTestResource.class)
class ApiKeyAuthTest {

    static final String ALICE_KEY = "alice-key-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String BOB_KEY = "bob-key-1234567890abcdef1234567890abcdef";
    static final String SUSPENDED_KEY = "mallory-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final Path KEY_FILE = TestKeyFile.path("auth");

    public static class KeyFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            writeKeys(line("alice", ALICE_KEY, "") + line("bob", BOB_KEY, "rps=5,callback-hosts=hooks.bob.example|*.bob.test")
                    + "not a key line\n" + line("mallory", SUSPENDED_KEY, "suspended"));
            return Map.of("colorcache.auth.mode", "api-key",
                    "colorcache.auth.api-keys-file", KEY_FILE.toString(),
                    "colorcache.auth.reload-interval", "100ms");
        }
    }

    static String line(String tenant, String key, String limits) {
        return TestKeyFile.line(tenant, key, limits);
    }

    static void writeKeys(String content) {
        TestKeyFile.write(KEY_FILE, content);
    }

    private static byte[] photo(int seed) {
        return TestImages.encoded("jpeg", 40, 30, seed);
    }

    @Test
    void withoutAKeyNothingIsServedAndTheBodyIsNotRead() {
        given().contentType("image/jpeg").body(photo(9301)).post("/v1/colorize")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"colorcache\"")
                .body("type", endsWith("/unauthorized"))
                .body("detail", containsString("Authorization: Bearer"));
        given().get("/v1/results/" + Sha256.hex(photo(9301))).then().statusCode(401);
        given().get("/v1/jobs/00000000000000000000000000000000").then().statusCode(401);
        given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").get("/v1/results/" + Sha256.hex(photo(9301)))
                .then().statusCode(401);
    }

    @Test
    void anUnknownKeyIsRefusedAsAnInvalidToken() {
        given().header("Authorization", "Bearer not-a-key").contentType("image/jpeg").body(photo(9302))
                .post("/v1/colorize").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"colorcache\", error=\"invalid_token\"")
                .body("type", endsWith("/unauthorized"));
        // The hash of a key is not a key.
        given().header("Authorization", "Bearer " + Sha256.hex(ALICE_KEY.getBytes(StandardCharsets.UTF_8)))
                .get("/v1/results/" + Sha256.hex(photo(9302))).then().statusCode(401);
    }

    @Test
    void aKnownKeyIsServedAndASuspendedTenantIsForbidden() {
        given().header("Authorization", "Bearer " + ALICE_KEY).contentType("image/jpeg").body(photo(9303))
                .post("/v1/jobs").then().statusCode(202);
        given().header("Authorization", "bearer " + BOB_KEY).get("/v1/results/" + Sha256.hex(photo(9304)))
                .then().statusCode(404);
        given().header("Authorization", "Bearer " + SUSPENDED_KEY).contentType("image/jpeg").body(photo(9305))
                .post("/v1/jobs").then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("/forbidden")).body("detail", containsString("mallory"));
    }

    @Test
    void aKeyWithCallbackHostsCallsBackThoseHostsOnly() {
        // Bob's key lists its hosts: any other is refused before the upload is taken, even one the
        // address policy would allow (the test receiver); Alice's key lists none.
        String receiver = "http://receiver.colorcache.test:9/hook";
        given().header("Authorization", "Bearer " + BOB_KEY).contentType("image/jpeg").body(photo(9310))
                .queryParam("callbackUrl", receiver).post("/v1/jobs").then().statusCode(422)
                .contentType("application/problem+json").body("type", endsWith("/invalid-callback-url"))
                .body("detail", containsString("hooks.bob.example, *.bob.test only"));
        given().header("Authorization", "Bearer " + ALICE_KEY).contentType("image/jpeg").body(photo(9311))
                .queryParam("callbackUrl", receiver).post("/v1/jobs").then().statusCode(202);
    }

    /**
     * Every spelling of a {@code /v1} path that RESTEasy would route to a resource passes the same
     * authentication, limits and body reader. Before {@link PathParameterFilter}, matrix parameters
     * ({@code /v1;a=b/jobs}) skipped them all and ended in a 500.
     */
    @Test
    void everySpellingOfAnApiPathIsAuthenticatedOrNotFound() throws IOException {
        byte[] photo = photo(9320);
        for (String path : List.of("/v1/jobs", "//v1/jobs", "/./v1/jobs", "/x/../v1/jobs", "/%76%31/jobs", "/v1/./jobs",
                "/v1//jobs", "/v1/jobs/", "/%2e/v1/jobs", "/v1;a=b/jobs", "/v1/jobs;a=b", "/v1;/jobs", "/v1%3Ba=b/jobs",
                "/%2Fv1/jobs", "/V1/jobs", "/v1%2Fjobs", "/.;/v1/jobs", "/;/v1/jobs")) {
            int anonymous = rawPost(path, null, photo);
            int alice = rawPost(path, ALICE_KEY, photo);
            if (anonymous == 401) {
                assertEquals(202, alice, path + " with a key");
            } else {
                assertEquals(404, anonymous, path + " without a key");
                assertEquals(404, alice, path + " with a key");
            }
        }
        given().header("Authorization", "Bearer " + ALICE_KEY).get("/v1;a=b/results/" + Sha256.hex(photo))
                .then().statusCode(404).contentType("application/problem+json").body("type", endsWith("/not-found"));
    }

    /** The status of a POST of the photo to the path exactly as written, over a socket of its own. */
    private static int rawPost(String path, String key, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\n"
                    + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void healthAndMetricsNeedNoKey() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("colorcache_gateway_auth_refused_total{reason=\"missing\"}"));
    }

    @Test
    void aRotatedKeyWorksAndTheRevokedOneStopsWithoutARestart() {
        String rotated = "alice-key-rotated-5566778899aabbccddeeff0011";
        String before = line("alice", ALICE_KEY, "") + line("bob", BOB_KEY, "rps=5,callback-hosts=hooks.bob.example|*.bob.test")
                + line("mallory", SUSPENDED_KEY, "suspended");
        try {
            writeKeys(line("alice", rotated, "") + line("bob", BOB_KEY, "rps=5,callback-hosts=hooks.bob.example|*.bob.test"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                    .header("Authorization", "Bearer " + rotated).get("/v1/results/" + Sha256.hex(photo(9306)))
                    .then().statusCode(404));
            given().header("Authorization", "Bearer " + ALICE_KEY).get("/v1/results/" + Sha256.hex(photo(9306)))
                    .then().statusCode(401);
        } finally {
            writeKeys(before);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                    .header("Authorization", "Bearer " + ALICE_KEY).get("/v1/results/" + Sha256.hex(photo(9306)))
                    .then().statusCode(404));
        }
    }
}
