package io.colorcache.inference.pipeline;

import java.util.stream.IntStream;

/**
 * Turns DDColor's predicted ab channels back into a photo, exactly as DESIGN.md describes it:
 * L of the full-size original; ab upsampled from S x S to the original size with
 * nearest-neighbour ({@code src = floor(dst * S / size)}); merge; Lab to RGB; x 255, round,
 * clip.
 */
public final class DdcolorPostprocessor {

    private final int size;

    public DdcolorPostprocessor(int size) {
        this.size = size;
    }

    /** S, the size of the ab planes it takes. */
    public int size() {
        return size;
    }

    /**
     * The result for {@code photo}: an 8-bit photo is colorized in place (each pixel's own
     * lightness is read before the pixel is overwritten, so no second full-size image is
     * needed); a 16-bit one gives a new 8-bit image, its lightness read from the 16-bit samples.
     *
     * @param ab model output holding planes a then b, each S x S, starting at {@code offset}
     */
    public BgrImage postprocess(Photo photo, float[] ab, int offset) {
        int width = photo.width();
        int height = photo.height();
        int[] column = nearest(width);
        int[] row = nearest(height);
        int plane = size * size;
        BgrImage result = photo instanceof BgrImage eight ? eight : BgrImage.blank(width, height);
        byte[] out = result.bgr();
        byte[] samples = photo instanceof BgrImage ? out : null; // each pixel read before it is written
        IntStream.range(0, height).parallel().forEach(y -> {
            double[] linear = new double[3];
            int abRow = offset + row[y] * size;
            int p = y * width * 3;
            for (int x = 0; x < width; x++, p += 3) {
                float l = samples == null ? OpenCvLightness.of(photo.unit(p + 2), photo.unit(p + 1), photo.unit(p))
                        : samples[p] == samples[p + 1] && samples[p] == samples[p + 2]
                                ? OpenCvLightness.GRAY8[samples[p] & 0xff]
                                : OpenCvLightness.of8(samples[p + 2] & 0xff, samples[p + 1] & 0xff, samples[p] & 0xff);
                int at = abRow + column[x];
                CieLab.toBgr8(l, ab[at], ab[at + plane], linear, out, p);
            }
        });
        return result;
    }

    /** Source index of each destination index, as torch's default nearest interpolation. */
    private int[] nearest(int length) {
        int[] index = new int[length];
        double scale = (double) size / length;
        for (int i = 0; i < length; i++) {
            index[i] = Math.min((int) Math.floor(i * scale), size - 1);
        }
        return index;
    }
}
