package io.colorcache.inference.model;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.ContractGraph;
import io.colorcache.testsupport.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service configured with a model URL: downloaded into the cache folder, verified, loaded. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ModelUrlTest.ModelByUrl.class, restrictToAnnotatedClass = true)
class ModelUrlTest {

    static Path cacheDir;

    public static class ModelByUrl implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                byte[] model = ContractGraph.demo(32);
                Path source = Files.createTempFile("published-model", ".onnx");
                Files.write(source, model);
                cacheDir = Files.createTempDirectory("model-cache");
                String sha = Sha256.hex(model);
                return Map.of(
                        "colorcache.model.id", "ddcolor-url",
                        "colorcache.model.version", sha.substring(0, 10),
                        "colorcache.model.url", source.toUri().toString(),
                        "colorcache.model.sha256", sha,
                        "colorcache.model.cache-dir", cacheDir.toString(),
                        "colorcache.model.providers", "cpu");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    ModelHolder holder;

    @Test
    void theDownloadedModelIsCachedByItsDigestAndServes() {
        await().atMost(Duration.ofSeconds(30)).until(() -> holder.colorizer().isPresent());
        assertThat(holder.colorizer().get().size()).isEqualTo(32);
        try (var files = Files.list(cacheDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement().satisfies(name -> assertThat(name).matches("[0-9a-f]{64}\\.onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "colorcache_inference_model_info{input_size=\"32\",model=\"ddcolor-url@"));
    }
}
