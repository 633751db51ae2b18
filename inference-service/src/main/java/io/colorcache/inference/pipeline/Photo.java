package io.colorcache.inference.pipeline;

/**
 * A decoded photo as the pipeline takes it: 8-bit samples, or 16-bit ones kept at their full
 * precision into the model input (DDColor's output is 8-bit either way).
 */
public sealed interface Photo permits BgrImage, Bgr16Image {

    int width();

    int height();

    default long pixels() {
        return (long) width() * height();
    }

    /** The same photo with 8-bit samples (16-bit ones rounded): itself when it has them. */
    BgrImage toBgr8();

    /** Sample {@code i} (B, G, R interleaved) as the float32 that {@code value / max} gives. */
    float unit(int i);
}
