package io.colorcache.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.common.config.ModelConfig;
import io.colorcache.inference.config.ModelRuntimeConfig;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.ContractGraph;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sequence that crashed a test JVM (SIGBUS in ld.so, inside {@code addCUDA}): an application
 * whose start-up fails while its model is loading, then another application in the same JVM that
 * loads a model. Quarkus delivers the first one's ShutdownEvent while its loader is still creating
 * a session; before, the shutdown returned at once and the two loads ran together, extracting ONNX
 * Runtime's provider libraries into the same folder. The holders here are driven through the
 * same StartupEvent and ShutdownEvent observers Quarkus calls. (Other test applications of this
 * JVM may be loading their own models meanwhile: the lock makes them take turns.)
 */
class ModelLoadingLifecycleTest {

    @Test
    void aShutdownDuringTheLoadWaitsForItAndTheNextApplicationLoadsCleanly() throws Exception {
        Path model = demoModel();
        ModelHolder failedApp = holder(model);

        OnnxColorizer.CREATION.lock(); // a session creation in progress: the failing app's load waits on it
        CompletableFuture<Void> shutdown;
        try {
            failedApp.onStart(null);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> OnnxColorizer.CREATION.hasQueuedThread(failedApp.loaderThread()));

            shutdown = CompletableFuture.runAsync(() -> failedApp.onStop(null));
            Thread.sleep(300);
            assertThat(shutdown).as("the shutdown waits for the load it interrupts").isNotDone();
        } finally {
            OnnxColorizer.CREATION.unlock();
        }
        shutdown.get(60, TimeUnit.SECONDS);

        assertThat(failedApp.loaderThread().isAlive())
                .as("no model load outlives the application that started it").isFalse();
        assertThat(failedApp.colorizer()).as("a stopped load serves nothing").isEmpty();
        assertThat(failedApp.failure()).isPresent();

        ModelHolder nextApp = holder(model);
        nextApp.onStart(null);
        OnnxColorizer colorizer = nextApp.whenLoaded().get(60, TimeUnit.SECONDS);
        float[] output = colorizer.run(new float[colorizer.inputLength()], 1);
        assertThat(output).hasSize(2 * colorizer.size() * colorizer.size());
        nextApp.onStop(null);
        assertThat(nextApp.loaderThread().isAlive()).isFalse();
    }

    @Test
    void aShutdownAfterTheLoadClosesTheSession() throws Exception {
        ModelHolder app = holder(demoModel());
        app.onStart(null);
        app.whenLoaded().get(60, TimeUnit.SECONDS);
        app.onStop(null);
        assertThat(app.loaderThread().isAlive()).isFalse();
    }

    private static Path demoModel() throws IOException {
        Path file = Files.createTempFile("lifecycle-model", ".onnx");
        Files.write(file, ContractGraph.demo(64));
        file.toFile().deleteOnExit();
        return file;
    }

    /** A holder configured as the service would be: CUDA first (unavailable here), then the CPU. */
    private static ModelHolder holder(Path model) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus's "5s", "1d"
                .withMapping(ModelConfig.class)
                .withMapping(ModelRuntimeConfig.class)
                .withMapping(WorkerConfig.class)
                .withDefaultValues(Map.of(
                        "colorcache.model.id", "ddcolor-lifecycle",
                        "colorcache.model.version", Sha256.hex(Files.readAllBytes(model)).substring(0, 12),
                        "colorcache.model.path", model.toString(),
                        "colorcache.model.providers", "cuda,cpu",
                        "colorcache.worker.batch.max-size", "2"))
                .build();
        ModelConfig identity = config.getConfigMapping(ModelConfig.class);
        return new ModelHolder(config.getConfigMapping(ModelRuntimeConfig.class),
                new ModelRef(identity.id(), identity.version()), config.getConfigMapping(WorkerConfig.class));
    }
}
