package io.colorcache.inference.config;

import io.colorcache.inference.model.ExecutionProvider;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the worker finds the DDColor model file and how ONNX Runtime runs it: the worker's own
 * keys under {@code colorcache.model}, next to the shared id and version
 * ({@link io.colorcache.common.config.ModelConfig}), which the file must match.
 */
@ConfigMapping(prefix = "colorcache.model")
public interface ModelRuntimeConfig {

    /** Path of a local ONNX model file. Either this or {@code url}. */
    Optional<Path> path();

    /** Where to download the model from (http, https or file), once, into {@code cache-dir}. */
    Optional<URI> url();

    /** The full SHA-256 (64 hex digits) a download from {@code url} must have; required with {@code url}. */
    Optional<String> sha256();

    /** Folder that keeps downloaded models, named by their SHA-256, across restarts. */
    @WithDefault("${java.io.tmpdir}/colorcache-models")
    Path cacheDir();

    /** Limits of a download from {@code url}. */
    Download download();

    interface Download {
        /** The largest model accepted (bytes); a longer body is cut off and discarded. */
        @WithDefault("4294967296")
        long maxBytes();

        /** Time allowed for the whole download, headers and body; a stalled one is cut off. */
        @WithDefault("30m")
        java.time.Duration timeout();
    }

    /** Execution providers in order of preference: {@code tensorrt}, {@code cuda}, {@code cpu}. */
    @WithDefault("cuda,cpu")
    List<ExecutionProvider> providers();

    /** GPU ordinal for TensorRT and CUDA. */
    @WithDefault("0")
    int deviceId();

    /** TensorRT options. */
    TensorRt tensorrt();

    /** CUDA options. */
    Cuda cuda();

    /** CPU options. */
    Cpu cpu();

    /** Input size S used when the model's spatial dimensions are dynamic; a static S in the model wins. */
    @WithDefault("512")
    int inputSize();

    interface TensorRt {
        /** Let TensorRT build fp16 engines (faster on tensor cores; results differ slightly). */
        @WithDefault("false")
        boolean fp16();

        /** Folder where built engines are cached across restarts; none: rebuilt at every start. */
        Optional<Path> engineCache();
    }

    interface Cuda {
        /** Bytes the CUDA memory arena may grow to; none: no limit. */
        OptionalLong memoryLimit();

        /** cuDNN convolution algorithm search: {@code EXHAUSTIVE}, {@code HEURISTIC} or {@code DEFAULT}. */
        @WithDefault("EXHAUSTIVE")
        String cudnnAlgoSearch();
    }

    interface Cpu {
        /** Threads inside one operator; 0 lets ONNX Runtime choose (one per core). */
        @WithDefault("0")
        int intraOpThreads();

        /** Threads across operators; 0 lets ONNX Runtime choose. */
        @WithDefault("0")
        int interOpThreads();
    }
}
