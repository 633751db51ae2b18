package io.colorcache.inference.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to open an ONNX Runtime session: the execution providers in order of preference and each
 * one's options.
 *
 * @param providers        preference order; the first that loads is the one in use, the CPU is the last resort
 * @param deviceId         GPU ordinal for TensorRT and CUDA
 * @param tensorRtFp16     let TensorRT build fp16 engines
 * @param tensorRtCache    folder where TensorRT keeps built engines between starts
 * @param cudaMemoryLimit  bytes the CUDA arena may use
 * @param cudnnAlgoSearch  cuDNN convolution algorithm search: EXHAUSTIVE, HEURISTIC or DEFAULT
 * @param intraOpThreads   threads inside one CPU operator (0: ONNX Runtime's choice)
 * @param interOpThreads   threads across CPU operators (0: ONNX Runtime's choice)
 * @param dynamicSize      S when the model's spatial size is not fixed
 */
public record ProviderSettings(
        List<ExecutionProvider> providers,
        int deviceId,
        boolean tensorRtFp16,
        Optional<Path> tensorRtCache,
        OptionalLong cudaMemoryLimit,
        String cudnnAlgoSearch,
        int intraOpThreads,
        int interOpThreads,
        int dynamicSize) {

    /** CPU only, ONNX Runtime's thread defaults. */
    public static ProviderSettings cpu(int dynamicSize) {
        return new ProviderSettings(List.of(ExecutionProvider.CPU), 0, false, Optional.empty(), OptionalLong.empty(),
                "EXHAUSTIVE", 0, 0, dynamicSize);
    }

    public ProviderSettings withProviders(List<ExecutionProvider> preference) {
        return new ProviderSettings(preference, deviceId, tensorRtFp16, tensorRtCache, cudaMemoryLimit,
                cudnnAlgoSearch, intraOpThreads, interOpThreads, dynamicSize);
    }
}
