package io.colorcache.inference.pipeline;

import java.util.stream.IntStream;

/**
 * DDColor's model input, exactly as DESIGN.md describes it: pixels / 255 (16-bit ones / 65535)
 * as float; resize the whole image to S x S (bilinear, OpenCV INTER_LINEAR); convert to Lab;
 * keep L with a = b = 0; convert back to RGB; lay out as planar CHW in R, G, B order.
 */
public final class DdcolorPreprocessor {

    private final int size;

    public DdcolorPreprocessor(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("model input size must be positive: " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Floats one image occupies in the model input: 3 * S * S. */
    public int inputLength() {
        return 3 * size * size;
    }

    /** Writes the model input of {@code photo} into {@code target[offset .. offset + 3*S*S)}. */
    public void preprocess(Photo photo, float[] target, int offset) {
        LinearResize resize = new LinearResize(photo.width(), photo.height(), size, size);
        int rowStride = photo.width() * 3;
        int plane = size * size;
        IntStream.range(0, size).parallel().forEach(dy -> {
            int r0 = resize.y0[dy] * rowStride;
            int r1 = resize.y1(dy) * rowStride;
            float wy = resize.yWeight[dy];
            for (int dx = 0; dx < size; dx++) {
                int c0 = resize.x0[dx] * 3;
                int c1 = resize.x1(dx) * 3;
                float wx = resize.xWeight[dx];
                // OpenCV order: horizontal pass per source row, then the vertical blend.
                float b = sample(photo, r0 + c0, r0 + c1, r1 + c0, r1 + c1, wx, wy);
                float g = sample(photo, r0 + c0 + 1, r0 + c1 + 1, r1 + c0 + 1, r1 + c1 + 1, wx, wy);
                float r = sample(photo, r0 + c0 + 2, r0 + c1 + 2, r1 + c0 + 2, r1 + c1 + 2, wx, wy);
                double l = OpenCvLightness.of(r, g, b) / 100.0;
                int at = offset + dy * size + dx;
                target[at] = (float) GRAY_R.at(l);
                target[at + plane] = (float) GRAY_G.at(l);
                target[at + 2 * plane] = (float) GRAY_B.at(l);
            }
        });
    }

    private static float sample(Photo src, int a, int b, int c, int d, float wx, float wy) {
        float top = src.unit(a) * (1 - wx) + src.unit(b) * wx;
        float bottom = src.unit(c) * (1 - wx) + src.unit(d) * wx;
        return top * (1 - wy) + bottom * wy;
    }

    /** Lab (L, 0, 0) back to RGB, per channel, as functions of L / 100. */
    private static final CurveTable GRAY_R = grayChannel(0);
    private static final CurveTable GRAY_G = grayChannel(1);
    private static final CurveTable GRAY_B = grayChannel(2);

    private static CurveTable grayChannel(int channel) {
        return new CurveTable(8192, l -> {
            double[] rgb = new double[3];
            CieLab.toRgb(100 * l, 0, 0, rgb, 0);
            return rgb[channel];
        });
    }
}
