package io.colorcache.inference.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * The pixel values a decoded image really holds, as OpenCV's {@code IMREAD_UNCHANGED} reads
 * them, never through a colour conversion the decoder guessed: ImageIO gives 16-bit and
 * gray+alpha PNGs and TIFFs a linear gray colour space, and converting those to sRGB made them
 * about 16 L* too bright. Samples are read from the raster and scaled from their own bit depth
 * to 8 bits, or kept at 16 when they have more than 8; a palette gives its entries; alpha is
 * composited on white, in the stored (gamma-encoded) values.
 */
final class TrueSamples {

    private static final int ROWS = 64;

    private TrueSamples() {
    }

    static Photo toPhoto(BufferedImage image) {
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        BgrImage out = BgrImage.blank(width, height);
        byte[] bgr = out.bgr();
        if (image.getColorModel() instanceof IndexColorModel palette) {
            int[] index = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, index);
                for (int x = 0, p = y * width * 3; x < width; x++, p += 3) {
                    int i = index[x];
                    int alpha = palette.getAlpha(i);
                    bgr[p] = onWhite(palette.getBlue(i), alpha, 255);
                    bgr[p + 1] = onWhite(palette.getGreen(i), alpha, 255);
                    bgr[p + 2] = onWhite(palette.getRed(i), alpha, 255);
                }
            }
            return out;
        }
        int bands = raster.getNumBands();
        boolean alpha = image.getColorModel().hasAlpha();
        int colors = alpha ? bands - 1 : bands;
        if (colors != 1 && colors != 3) {
            throw new IllegalArgumentException("unsupported image layout: " + bands + " bands");
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        int max = (1 << bits) - 1;
        if (bits > 8) {
            return sixteenBit(raster, width, height, bands, colors, alpha, max);
        }
        int[] samples = new int[width * bands * ROWS];
        for (int y0 = 0; y0 < height; y0 += ROWS) {
            int rows = Math.min(ROWS, height - y0);
            raster.getPixels(0, y0, width, rows, samples);
            for (int i = 0, p = y0 * width * 3; i < width * rows; i++, p += 3) {
                int s = i * bands;
                int a = alpha ? samples[s + bands - 1] : max;
                int r = samples[s];
                int g = colors == 3 ? samples[s + 1] : r;
                int b = colors == 3 ? samples[s + 2] : r;
                bgr[p] = onWhite(b, a, max);
                bgr[p + 1] = onWhite(g, a, max);
                bgr[p + 2] = onWhite(r, a, max);
            }
        }
        return out;
    }

    private static Bgr16Image sixteenBit(Raster raster, int width, int height, int bands, int colors, boolean alpha,
            int max) {
        Bgr16Image out = Bgr16Image.blank(width, height);
        short[] bgr = out.bgr();
        int[] samples = new int[width * bands * ROWS];
        for (int y0 = 0; y0 < height; y0 += ROWS) {
            int rows = Math.min(ROWS, height - y0);
            raster.getPixels(0, y0, width, rows, samples);
            for (int i = 0, p = y0 * width * 3; i < width * rows; i++, p += 3) {
                int s = i * bands;
                int a = alpha ? samples[s + bands - 1] : max;
                int r = samples[s];
                int g = colors == 3 ? samples[s + 1] : r;
                int b = colors == 3 ? samples[s + 2] : r;
                bgr[p] = onWhite16(b, a, max);
                bgr[p + 1] = onWhite16(g, a, max);
                bgr[p + 2] = onWhite16(r, a, max);
            }
        }
        return out;
    }

    private static short onWhite16(int value, int alpha, int max) {
        double composited = alpha == max ? value : ((double) value * alpha + (double) max * (max - alpha)) / max;
        return (short) Math.round(composited * 65535.0 / max);
    }

    /** {@code value} over white with opacity {@code alpha}, both of scale {@code max}, to 8 bits. */
    private static byte onWhite(int value, int alpha, int max) {
        double composited = alpha == max ? value : ((double) value * alpha + (double) max * (max - alpha)) / max;
        return (byte) Math.round(composited * 255.0 / max);
    }
}
