package io.colorcache.inference.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import io.quarkus.logging.Log;
import java.util.List;

/**
 * Registers the configured execution providers on session options, in order of preference,
 * skipping (with one log line each) those that cannot load here, such as CUDA on a machine
 * without NVIDIA libraries.
 */
final class ExecutionProviders {

    private ExecutionProviders() {
    }

    /** @return the provider that will run the model: the first one registered, else the CPU */
    static ExecutionProvider register(OrtSession.SessionOptions options, ProviderSettings settings) {
        ExecutionProvider first = null;
        for (ExecutionProvider provider : settings.providers()) {
            if (provider == ExecutionProvider.CPU) {
                return first == null ? ExecutionProvider.CPU : first;
            }
            try {
                add(options, provider, settings);
                first = first == null ? provider : first;
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                Log.warnf("%s execution provider requested but unavailable (%s); %s", provider.token(),
                        firstLine(e.getMessage()), "falling back to the next configured provider");
            }
        }
        if (first == null) {
            Log.warnf("No configured execution provider of %s could be loaded; running DDColor on the CPU",
                    tokens(settings.providers()));
            return ExecutionProvider.CPU;
        }
        return first;
    }

    private static void add(OrtSession.SessionOptions options, ExecutionProvider provider, ProviderSettings s)
            throws OrtException {
        switch (provider) {
            case TENSORRT -> {
                OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(s.deviceId());
                trt.add("trt_fp16_enable", s.tensorRtFp16() ? "1" : "0");
                if (s.tensorRtCache().isPresent()) {
                    trt.add("trt_engine_cache_enable", "1");
                    trt.add("trt_engine_cache_path", s.tensorRtCache().get().toString());
                }
                options.addTensorrt(trt);
            }
            case CUDA -> {
                OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(s.deviceId());
                cuda.add("cudnn_conv_algo_search", s.cudnnAlgoSearch());
                if (s.cudaMemoryLimit().isPresent()) {
                    cuda.add("gpu_mem_limit", Long.toString(s.cudaMemoryLimit().getAsLong()));
                }
                options.addCUDA(cuda);
            }
            case CPU -> {
                // ONNX Runtime always has it.
            }
        }
    }

    static String tokens(List<ExecutionProvider> providers) {
        return String.join(",", providers.stream().map(ExecutionProvider::token).toList());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
