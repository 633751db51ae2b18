package io.colorcache.inference.config;

import io.colorcache.inference.model.ExecutionProvider;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The DDColor model this worker runs. */
@ConfigMapping(prefix = "colorcache.model")
public interface ModelConfig {

    /** Model id used in result keys, for example {@code ddcolor-tiny}; must equal the gateway's. */
    String id();

    /**
     * The first 8 to 64 hex digits of the model file's SHA-256; must equal the gateway's. The
     * service refuses to start when the file does not match, so results of different models
     * never share keys.
     */
    String version();

    /** Path of the ONNX model file (input {@code input} [N,3,S,S], output {@code output} [N,2,S,S]). */
    Path path();

    /** Execution provider: {@code cuda} (falls back to the CPU when CUDA is unavailable) or {@code cpu}. */
    @WithDefault("cuda")
    ExecutionProvider provider();

    /** CUDA device ordinal used by the {@code cuda} provider. */
    @WithDefault("0")
    int cudaDeviceId();

    /** Threads ONNX Runtime uses inside one CPU operator; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int intraOpThreads();

    /** Input size S used when the model's spatial dimensions are dynamic; a static S in the model wins. */
    @WithDefault("512")
    int inputSize();
}
