package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.colorcache.testsupport.ContractGraph;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Near-duplicate reuse over real HTTP, with the packaged gateway and worker, a real Redis and a
 * model whose colours depend on content: a re-encoded, resized copy of a computed photo is
 * answered {@code X-Cache: near} at its own size, its repeat is a hit, an unrelated photo of the
 * same size and a copy sent with {@code match=exact} are misses.
 */
class NearDuplicateIT {

    private static final Started started = new Started();
    private static ServiceProcess inference;
    private static ServiceProcess gateway;
    private static Path samples;

    @BeforeAll
    static void startEverything() throws Exception {
        RedisServer redis = started.keep(RedisServer.start());
        Path model = Files.createTempDirectory("colorcache-near").resolve("textured.onnx");
        byte[] graph = ContractGraph.textured(256);
        Files.write(model, graph);
        Map<String, String> shared = Map.of("quarkus.redis.hosts", redis.uri(), "colorcache.model.id", "ddcolor-textured",
                "colorcache.model.version", io.colorcache.protocol.Sha256.hex(graph).substring(0, 12));
        Map<String, String> inferenceConfig = new HashMap<>(shared);
        inferenceConfig.putAll(Map.of("colorcache.model.path", model.toString(), "colorcache.model.providers", "cpu",
                "colorcache.worker.consumer", "near-worker"));
        inference = started.keep(ServiceProcess.start("inference-service", Path.of(System.getProperty("inference.app")),
                inferenceConfig));
        gateway = started.keep(ServiceProcess.start("gateway-service", Path.of(System.getProperty("gateway.app")),
                shared));
        samples = Path.of(System.getProperty("samples.dir"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        started.close();
    }

    private static Response post(byte[] photo, String query) {
        return given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photo).post("/v1/colorize" + query);
    }

    private static BufferedImage sample(String name) throws IOException {
        BufferedImage image = ImageIO.read(samples.resolve(name).toFile());
        return GeneratedImages.resized(image, image.getWidth(), image.getHeight());
    }

    @Test
    void aReEncodedCopyIsNearItsRepeatAHitAnUnrelatedPhotoAndAnOptedOutCopyMisses() throws Exception {
        BufferedImage base = sample("february-1936-nipomo-calif-destitute-pea.jpg");
        post(GeneratedImages.jpeg(base, 0.95f), "").then().statusCode(200).header("X-Cache", "miss");

        BufferedImage smaller = GeneratedImages.resized(base, base.getWidth() * 3 / 4, base.getHeight() * 3 / 4);
        byte[] copy = GeneratedImages.jpeg(smaller, 0.6f);
        Response near = post(copy, "");
        near.then().statusCode(200).contentType("image/jpeg").header("X-Cache", "near");
        BufferedImage rendered = ImageIO.read(new ByteArrayInputStream(near.asByteArray()));
        assertThat(rendered.getWidth()).isEqualTo(smaller.getWidth());
        assertThat(rendered.getHeight()).isEqualTo(smaller.getHeight());

        Response repeat = post(copy, "");
        repeat.then().statusCode(200).header("X-Cache", "hit");
        assertThat(repeat.asByteArray()).isEqualTo(near.asByteArray());

        BufferedImage other = sample("broadway-at-the-united-states-hotel-sara.jpg");
        post(GeneratedImages.jpeg(GeneratedImages.resized(other, smaller.getWidth(), smaller.getHeight()), 0.6f), "")
                .then().statusCode(200).header("X-Cache", "miss");

        post(GeneratedImages.jpeg(base, 0.5f), "?match=exact").then().statusCode(200).header("X-Cache", "miss");

        given().baseUri(inference.managementUri()).get("/q/metrics").then()
                .body(matchesPattern("(?s).*colorcache_inference_near_hits_total [1-9].*"));
        given().baseUri(gateway.managementUri()).get("/q/metrics").then()
                .body(matchesPattern("(?s).*colorcache_gateway_requests_total\\{outcome=\"near\"\\} 1\\.0.*"));
    }

    @Test
    void anUnknownMatchIsABadRequest() throws Exception {
        byte[] photo = Files.readAllBytes(samples.resolve("einstein-rejection-and-crafting-a-future.jpg"));
        post(photo, "?match=fuzzy").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://colorcache.io/problems/invalid-parameter"));
    }
}
