package io.colorcache.inference.model;

import io.colorcache.inference.config.ModelRuntimeConfig;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.protocol.ModelRef;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owns the model's life. A local file is checked against the configured version before the
 * application starts (a missing or mismatched file stops the start-up with a clear error). A
 * model given by URL is downloaded and verified, then the session is opened and warmed up once
 * per batch size, on a background thread, so health probes answer while a large model loads. A
 * model that cannot be obtained or opened ends the process. A shutdown during the load stops it
 * at its next step and waits for it (up to the worker's shutdown grace), so no load outlives the
 * application that started it.
 */
@ApplicationScoped
public class ModelHolder {

    private final ModelRuntimeConfig config;
    private final int maxBatch;
    private final ModelRef model;
    private final Duration shutdownGrace;
    private final CompletableFuture<OnnxColorizer> loaded = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile Thread loader;

    public ModelHolder(ModelRuntimeConfig config, ModelRef model, WorkerConfig worker) {
        this.config = config;
        this.maxBatch = worker.batch().maxSize();
        this.shutdownGrace = worker.shutdownGrace();
        this.model = model;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.path().isPresent()) {
            ModelFiles.verify(config.path().get(), model);
        } else if (config.url().isEmpty()) {
            throw new ModelFileException("no model configured: set colorcache.model.path or colorcache.model.url");
        } else if (config.sha256().isEmpty()) {
            throw new ModelFileException("colorcache.model.url needs colorcache.model.sha256, the file's full SHA-256");
        }
        loader = Thread.ofPlatform().name("model-loader").daemon().start(this::load);
    }

    private void load() {
        long start = System.nanoTime();
        try {
            Path file = config.path().orElseGet(() -> {
                Path downloaded = new ModelDownloader(config.cacheDir(), config.download().maxBytes(),
                        config.download().timeout()).fetch(config.url().get(), config.sha256().get());
                ModelFiles.verify(downloaded, model);
                return downloaded;
            });
            stopIfStopping(null);
            OnnxColorizer colorizer = OnnxColorizer.open(file, settings());
            int batches = warmUp(colorizer);
            stopIfStopping(colorizer);
            Log.infof("Model %s loaded from %s: S=%d, %s, execution provider %s, warmed up for batch sizes 1..%d in %d ms",
                    model, file, colorizer.size(), colorizer.isHalfPrecision() ? "float16" : "float32",
                    colorizer.provider().token(), batches, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            loaded.complete(colorizer);
        } catch (LoadStopped e) {
            Log.infof("Model %s: loading stopped by the shutdown", model);
            loaded.completeExceptionally(e);
        } catch (RuntimeException e) {
            if (stopping) {
                Log.infof("Model %s: loading ended by the shutdown (%s)", model, e.getMessage());
                loaded.completeExceptionally(e);
                return;
            }
            Log.errorf(e, "Model %s could not be loaded", model);
            loaded.completeExceptionally(e);
            Quarkus.asyncExit(1);
        }
    }

    /** Ends the load when the application is stopping, closing what it opened. */
    private void stopIfStopping(OnnxColorizer opened) {
        if (stopping) {
            if (opened != null) {
                opened.close();
            }
            throw new LoadStopped();
        }
    }

    private static final class LoadStopped extends RuntimeException {
        LoadStopped() {
            super("stopped by the shutdown", null, false, false);
        }
    }

    /** One run per batch size the worker will use, so no job pays for a first-run allocation. */
    private int warmUp(OnnxColorizer colorizer) {
        int largest = batchLimit(colorizer);
        float[] zeros = new float[largest * colorizer.inputLength()];
        for (int n = 1; n <= largest; n++) {
            stopIfStopping(colorizer);
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

    /**
     * Stops a load in progress at its next step and waits for it, so that the session it may be
     * creating is not left running after the application (ONNX Runtime sessions are created one
     * at a time per JVM; see {@link OnnxColorizer#open}). A session already loaded is closed.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        Thread running = loader;
        if (running != null && running.isAlive()) {
            running.interrupt(); // ends a download; a native session creation runs to its end
            try {
                if (!running.join(shutdownGrace)) {
                    Log.warnf("Model %s is still loading after %s; it will be closed when its load ends",
                            model, shutdownGrace);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loaded.thenAccept(OnnxColorizer::close);
    }

    /** The thread that loads the model; null before the start. */
    Thread loaderThread() {
        return loader;
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
