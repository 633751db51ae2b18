package io.colorcache.inference.pipeline;

/**
 * A 16-bit, 3-channel image with interleaved samples in B, G, R order, row by row: a 16-bit PNG
 * or TIFF scan with its true values (0..65535), as OpenCV's {@code IMREAD_UNCHANGED} gives them.
 */
public record Bgr16Image(int width, int height, short[] bgr) implements Photo {

    public Bgr16Image {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image must have pixels: " + width + "x" + height);
        }
        if (bgr.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("expected " + width + "x" + height + "x3 samples, got " + bgr.length);
        }
    }

    public static Bgr16Image blank(int width, int height) {
        return new Bgr16Image(width, height, new short[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }

    @Override
    public float unit(int i) {
        return (float) ((bgr[i] & 0xffff) / 65535.0);
    }

    @Override
    public BgrImage toBgr8() {
        BgrImage out = BgrImage.blank(width, height);
        byte[] eight = out.bgr();
        for (int i = 0; i < bgr.length; i++) {
            eight[i] = (byte) Math.round((bgr[i] & 0xffff) / 257.0);
        }
        return out;
    }
}
