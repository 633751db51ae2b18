package io.colorcache.inference.model;

import java.util.Locale;

/** Where ONNX Runtime runs the model, listed in configuration in order of preference. */
public enum ExecutionProvider {
    /** NVIDIA TensorRT (engines built per input shape, optionally fp16, cached on disk). */
    TENSORRT,
    /** NVIDIA GPU through CUDA and cuDNN. */
    CUDA,
    /** ONNX Runtime's CPU provider; always available. */
    CPU;

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
