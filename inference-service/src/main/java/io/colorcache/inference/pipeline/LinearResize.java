package io.colorcache.inference.pipeline;

/**
 * Bilinear resampling with OpenCV's {@code INTER_LINEAR} semantics: pixel centres aligned
 * ({@code src = (dst + 0.5) * scale - 0.5}), taps clamped to the border, no anti-aliasing when
 * shrinking, weights and sums in single precision. Precomputed once per (source, target) size.
 */
final class LinearResize {

    final int[] x0;
    final float[] xWeight;
    final int[] y0;
    final float[] yWeight;
    private final int srcWidth;
    private final int srcHeight;

    LinearResize(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
        x0 = new int[dstWidth];
        xWeight = new float[dstWidth];
        y0 = new int[dstHeight];
        yWeight = new float[dstHeight];
        taps(srcWidth, dstWidth, x0, xWeight);
        taps(srcHeight, dstHeight, y0, yWeight);
    }

    private static void taps(int src, int dst, int[] first, float[] weight) {
        double scale = 1.0 / ((double) dst / src);
        for (int d = 0; d < dst; d++) {
            float f = (float) ((d + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            f -= s;
            if (s < 0) {
                s = 0;
                f = 0;
            }
            if (s >= src - 1) {
                s = src - 1;
                f = 0;
            }
            first[d] = s;
            weight[d] = f;
        }
    }

    /** Index of the second tap, clamped to the border. */
    int x1(int dx) {
        return Math.min(x0[dx] + 1, srcWidth - 1);
    }

    int y1(int dy) {
        return Math.min(y0[dy] + 1, srcHeight - 1);
    }
}
