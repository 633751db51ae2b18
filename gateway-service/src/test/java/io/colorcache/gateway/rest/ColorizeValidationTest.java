package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.colorcache.gateway.TestImages;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every refusal: the status, a problem+json body with a stable type, and nothing stored in Redis. */
@QuarkusTest
// Its own Redis: it checks that a refused upload leaves the whole database empty.
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class ColorizeValidationTest {

    private static final String TYPE = "https://colorcache.io/problems/";

    @AfterEach
    void nothingWasStoredOrQueued() {
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(redis.number("DBSIZE")).as("keys in Redis after a refused upload").isZero();
        }
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(TYPE + type))
                .body("status", equalTo(status))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(emptyOrNullString()))
                .body("instance", equalTo("/v1/colorize"));
    }

    @Test
    void emptyBodyIsAMissingImage() {
        problem(given().contentType("image/jpeg").body(new byte[0]).post("/v1/colorize").then(), 400, "missing-image");
    }

    @Test
    void multipartWithoutTheImageFieldIsAMissingImage() {
        problem(given().multiPart("photo", "a.jpg", TestImages.encoded("jpeg", 32, 32, 1), "image/jpeg")
                .post("/v1/colorize").then(), 400, "missing-image");
    }

    @Test
    void bodyOverTheLimitIs413BeforeItIsRead() {
        byte[] big = new byte[2_100_000];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        problem(given().contentType("image/jpeg").body(big).post("/v1/colorize").then(), 413, "payload-too-large")
                .body("detail", containsString("2000000"));
    }

    @Test
    void multipartFileOverTheLimitIs413() {
        byte[] big = Arrays.copyOf(TestImages.encoded("png", 16, 16, 2), 2_030_000);
        problem(given().multiPart("image", "big.png", big, "image/png").post("/v1/colorize").then(),
                413, "payload-too-large");
    }

    @Test
    void otherFormatsAre415ByTheirMagicBytes() {
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        problem(given().contentType("image/png").body(gif).post("/v1/colorize").then(), 415, "unsupported-media-type")
                .body("detail", containsString("GIF"));
        problem(given().contentType("image/jpeg").body("hello, not an image".getBytes()).post("/v1/colorize").then(),
                415, "unsupported-media-type");
    }

    @Test
    void nonImageContentTypeIs415InPlainWords() {
        problem(given().contentType("text/plain").body("hello").post("/v1/colorize").then(), 415, "unsupported-media-type")
                .body("detail", startsWith("a body of type text/plain is not a photo: send a JPEG, PNG, TIFF"));
        given().contentType("text/plain").body("hello").post("/v1/jobs").then().statusCode(415)
                .body("type", equalTo(TYPE + "unsupported-media-type"))
                .body("detail", startsWith("a body of type text/plain is not a photo: send a JPEG, PNG, TIFF"));
    }

    @Test
    void tooManyPixelsIs422FromTheHeaderAlone() {
        problem(given().contentType("image/png").body(TestImages.pngHeaderClaiming(10_000, 10_000))
                .post("/v1/colorize").then(), 422, "image-too-large")
                .body("detail", containsString("100000000"));
    }

    @Test
    void truncatedJpegIs422() {
        byte[] jpeg = TestImages.encoded("jpeg", 64, 48, 3);
        problem(given().contentType("image/jpeg").body(Arrays.copyOf(jpeg, jpeg.length / 2))
                .post("/v1/colorize").then(), 422, "corrupt-image")
                .body("detail", containsString("truncated"));
    }

    @Test
    void pngWithADamagedChunkIs422() {
        byte[] png = TestImages.encoded("png", 64, 48, 4);
        png[40] ^= 0x55;
        problem(given().contentType("image/png").body(png).post("/v1/colorize").then(), 422, "corrupt-image")
                .body("detail", containsString("CRC"));
    }

    @Test
    void unacceptableOutputIs406() {
        problem(given().contentType("image/jpeg").accept("image/avif").body(TestImages.encoded("jpeg", 16, 16, 5))
                .post("/v1/colorize").then(), 406, "not-acceptable");
    }
}
