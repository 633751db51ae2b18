package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The content-addressed read path: a known hash, no upload. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class ResultsApiTest {

    @Test
    void servesACachedResultByHashWithNegotiationAndConditionalRequests() {
        byte[] upload = TestImages.encoded("png", 24, 24, 31);
        byte[] result = TestImages.encoded("png", 24, 24, 81);
        String sha = Sha256.hex(upload);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.callBytes("SET", "cc:res:ddcolor-test@0123abcd:png:" + sha, result, "EX", "600");
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
    void unknownAndInvalidHashes() {
        given().get("/v1/results/" + "e".repeat(64)).then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://colorcache.io/problems/result-not-found"));
        given().get("/v1/results/not-a-hash").then().statusCode(400)
                .body("type", equalTo("https://colorcache.io/problems/invalid-sha256"));
        given().head("/v1/results/" + "e".repeat(64)).then().statusCode(404);
    }
}
