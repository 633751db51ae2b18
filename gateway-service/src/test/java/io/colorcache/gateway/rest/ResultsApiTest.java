package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The content-addressed read path: a known hash, no upload. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class ResultsApiTest {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    @Test
    void servesACachedResultByHashWithNegotiationAndConditionalRequests() {
        byte[] upload = TestImages.encoded("png", 24, 24, 31);
        byte[] result = TestImages.encoded("png", 24, 24, 81);
        String sha = Sha256.hex(upload);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", TestKeys.result(OutputFormat.PNG, sha), result, "EX", "600");
        }
        Response ok = given().get("/v1/results/" + sha);
        ok.then().statusCode(200).contentType("image/png").header("Cache-Control", "private, max-age=604800, immutable");
        assertThat(ok.asByteArray()).isEqualTo(result);

        given().head("/v1/results/" + sha).then().statusCode(200).contentType("image/png");
        given().header("If-None-Match", ok.header("ETag")).get("/v1/results/" + sha).then().statusCode(304);
        given().accept("image/jpeg").get("/v1/results/" + sha).then().statusCode(404)
                .body("type", equalTo("https://colorcache.io/problems/result-not-found"));
        given().accept("image/jpeg, image/png;q=0.5").get("/v1/results/" + sha).then().statusCode(200)
                .contentType("image/png");
    }

    @Test
    void webpIsServedOnlyToAClientThatNamesIt() {
        byte[] upload = TestImages.encoded("png", 24, 24, 32);
        byte[] jpeg = TestImages.encoded("jpeg", 24, 24, 82);
        byte[] webp = "RIFF....WEBPVP8 stand-in".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String sha = Sha256.hex(upload);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("SET", TestKeys.result(OutputFormat.JPEG, sha), jpeg, "EX", "600");
            redis.run("SET", TestKeys.result(OutputFormat.WEBP, sha), webp, "EX", "600");
        }
        Response named = given().accept("image/webp").get("/v1/results/" + sha);
        named.then().statusCode(200).contentType("image/webp");
        assertThat(named.asByteArray()).isEqualTo(webp);
        given().accept("image/webp,image/*;q=0.8").get("/v1/results/" + sha).then().statusCode(200)
                .contentType("image/webp");
        // A browser's wildcards keep the upload's own format.
        given().accept("image/*,*/*;q=0.8").get("/v1/results/" + sha).then().statusCode(200).contentType("image/jpeg");
        given().get("/v1/results/" + sha).then().statusCode(200).contentType("image/jpeg");
    }

    @Test
    void aPhotoAskedForInWebpIsQueuedForWebp() {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 33);
        // No worker here: the request times out (504), its job stays queued.
        given().contentType("image/jpeg").accept("image/webp").body(upload).post("/v1/colorize").then().statusCode(504);
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(redis.list("XRANGE", KEYS.jobsStream(), "-", "+").toString())
                    .contains(TestKeys.result(OutputFormat.WEBP, Sha256.hex(upload)));
        }
    }

    @Test
    void unknownAndInvalidHashes() {
        given().get("/v1/results/" + "e".repeat(64)).then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://colorcache.io/problems/result-not-found"));
        given().get("/v1/results/not-a-hash").then().statusCode(400)
                .body("type", equalTo("https://colorcache.io/problems/invalid-sha256"));
        given().head("/v1/results/" + "e".repeat(64)).then().statusCode(404);
    }
}
