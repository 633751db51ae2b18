package io.colorcache.inference.model;

import io.colorcache.inference.config.ModelConfig;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.protocol.ModelRef;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owns the model's life. A local file is checked against the configured version before the
 * application starts (a missing or mismatched file stops the start-up with a clear error). A
 * model given by URL is downloaded and verified, then the session is opened and warmed up once
 * per batch size, on a background thread, so health probes answer while a large model loads. A
 * model that cannot be obtained or opened ends the process.
 */
@ApplicationScoped
public class ModelHolder {

    private final ModelConfig config;
    private final int maxBatch;
    private final ModelRef model;
    private final CompletableFuture<OnnxColorizer> loaded = new CompletableFuture<>();

    public ModelHolder(ModelConfig config, WorkerConfig worker) {
        this.config = config;
        this.maxBatch = worker.batch().maxSize();
        this.model = new ModelRef(config.id(), config.version());
    }

    void onStart(@Observes StartupEvent event) {
        if (config.path().isPresent()) {
            ModelFiles.verify(config.path().get(), model);
        } else if (config.url().isEmpty()) {
            throw new ModelFileException("no model configured: set colorcache.model.path or colorcache.model.url");
        } else if (config.sha256().isEmpty()) {
            throw new ModelFileException("colorcache.model.url needs colorcache.model.sha256, the file's full SHA-256");
        }
        Thread.ofPlatform().name("model-loader").daemon().start(this::load);
    }

    private void load() {
        long start = System.nanoTime();
        try {
            Path file = config.path().orElseGet(() -> {
                Path downloaded = new ModelDownloader(config.cacheDir()).fetch(config.url().get(), config.sha256().get());
                ModelFiles.verify(downloaded, model);
                return downloaded;
            });
            OnnxColorizer colorizer = OnnxColorizer.open(file, settings());
            int batches = warmUp(colorizer);
            Log.infof("Model %s loaded from %s: S=%d, %s, execution provider %s, warmed up for batch sizes 1..%d in %d ms",
                    model, file, colorizer.size(), colorizer.isHalfPrecision() ? "float16" : "float32",
                    colorizer.provider().token(), batches, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            loaded.complete(colorizer);
        } catch (RuntimeException e) {
            Log.errorf(e, "Model %s could not be loaded", model);
            loaded.completeExceptionally(e);
            Quarkus.asyncExit(1);
        }
    }

    /** One run per batch size the worker will use, so no job pays for a first-run allocation. */
    private int warmUp(OnnxColorizer colorizer) {
        int largest = batchLimit(colorizer);
        float[] zeros = new float[largest * colorizer.inputLength()];
        for (int n = 1; n <= largest; n++) {
            colorizer.run(zeros, n);
        }
        return largest;
    }

    /** The largest batch the worker may form for this model. */
    public int batchLimit(OnnxColorizer colorizer) {
        return colorizer.fixedBatch() > 0 ? colorizer.fixedBatch() : Math.max(1, maxBatch);
    }

    private ProviderSettings settings() {
        return new ProviderSettings(config.providers(), config.deviceId(), config.tensorrt().fp16(),
                config.tensorrt().engineCache(), config.cuda().memoryLimit(), config.cuda().cudnnAlgoSearch(),
                config.cpu().intraOpThreads(), config.cpu().interOpThreads(), config.inputSize());
    }

    void onStop(@Observes ShutdownEvent event) {
        loaded.thenAccept(OnnxColorizer::close);
    }

    public ModelRef model() {
        return model;
    }

    /** The loaded and warmed-up model, once it is. */
    public Optional<OnnxColorizer> colorizer() {
        return loaded.isDone() && !loaded.isCompletedExceptionally() ? Optional.of(loaded.join()) : Optional.empty();
    }

    /** Completes when the model is loaded and warmed up. */
    public CompletableFuture<OnnxColorizer> whenLoaded() {
        return loaded;
    }

    public Optional<Throwable> failure() {
        if (!loaded.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            loaded.join();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getCause() != null ? e.getCause() : e);
        }
    }
}
