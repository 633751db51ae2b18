package io.colorcache.inference.model;

import io.colorcache.inference.config.ModelConfig;
import io.colorcache.protocol.ModelRef;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owns the model's life: the file is checked against the configured version before the
 * application starts (a missing or mismatched file stops the start-up with a clear error);
 * the session is then opened and warmed up on a background thread, so health probes answer
 * while a large model loads. A session that cannot be opened ends the process.
 */
@ApplicationScoped
public class ModelHolder {

    private final ModelConfig config;
    private final ModelRef model;
    private final CompletableFuture<OnnxColorizer> loaded = new CompletableFuture<>();

    public ModelHolder(ModelConfig config) {
        this.config = config;
        this.model = new ModelRef(config.id(), config.version());
    }

    void onStart(@Observes StartupEvent event) {
        ModelFiles.verify(config.path(), model);
        Thread.ofPlatform().name("model-loader").daemon().start(this::load);
    }

    private void load() {
        long start = System.nanoTime();
        try {
            OnnxColorizer colorizer = OnnxColorizer.open(config.path(), config.provider(), config.cudaDeviceId(),
                    config.intraOpThreads(), config.inputSize());
            colorizer.run(new float[3 * colorizer.size() * colorizer.size()], 1);
            Log.infof("Model %s loaded from %s: S=%d, execution provider %s, warm-up done in %d ms",
                    model, config.path(), colorizer.size(), colorizer.provider().token(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            loaded.complete(colorizer);
        } catch (RuntimeException e) {
            Log.errorf(e, "Model %s could not be loaded from %s", model, config.path());
            loaded.completeExceptionally(e);
            Quarkus.asyncExit(1);
        }
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
