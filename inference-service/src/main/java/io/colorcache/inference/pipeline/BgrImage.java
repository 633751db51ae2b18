package io.colorcache.inference.pipeline;

/**
 * An 8-bit, 3-channel image with interleaved samples in B, G, R order, row by row: the
 * layout OpenCV's {@code imread} gives and {@code java.awt.image.BufferedImage.TYPE_3BYTE_BGR}
 * uses, so pixels move between codec and pipeline without conversion.
 */
public record BgrImage(int width, int height, byte[] bgr) implements Photo {

    public BgrImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image must have pixels: " + width + "x" + height);
        }
        if (bgr.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("expected " + width + "x" + height + "x3 samples, got " + bgr.length);
        }
    }

    public static BgrImage blank(int width, int height) {
        return new BgrImage(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }

    @Override
    public BgrImage toBgr8() {
        return this;
    }

    @Override
    public float unit(int i) {
        return UNIT[bgr[i] & 0xff];
    }

    /** {@code v / 255.0} as float32, for the 256 sample values. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = (float) (v / 255.0);
        }
    }
}
