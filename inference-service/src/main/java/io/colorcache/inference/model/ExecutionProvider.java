package io.colorcache.inference.model;

/** Where ONNX Runtime runs the model. */
public enum ExecutionProvider {
    /** NVIDIA GPU through CUDA; the CPU is used when CUDA cannot be loaded. */
    CUDA,
    /** ONNX Runtime's default CPU provider. */
    CPU;

    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
