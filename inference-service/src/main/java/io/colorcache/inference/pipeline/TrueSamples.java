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
        if (image.getColorModel() instanceof IndexColorModel palette) {
            BgrImage out = BgrImage.blank(width, height);
            byte[] bgr = out.bgr();
            int[] index = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, index);
                for (int x = 0, p = y * width * 3; x < width; x++, p += 3) {
                    int i = index[x];
                    int alpha = palette.getAlpha(i);
                    bgr[p] = (byte) onWhite(palette.getBlue(i), alpha, 255, 255);
                    bgr[p + 1] = (byte) onWhite(palette.getGreen(i), alpha, 255, 255);
                    bgr[p + 2] = (byte) onWhite(palette.getRed(i), alpha, 255, 255);
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
        Photo photo = bits > 8 ? Bgr16Image.blank(width, height) : BgrImage.blank(width, height);
        int target = bits > 8 ? 65535 : 255;
        int[] samples = new int[width * bands * ROWS];
        int[] composited = new int[3];
        for (int y0 = 0; y0 < height; y0 += ROWS) {
            int rows = Math.min(ROWS, height - y0);
            raster.getPixels(0, y0, width, rows, samples);
            for (int i = 0, p = y0 * width * 3; i < width * rows; i++, p += 3) {
                int s = i * bands;
                int a = alpha ? samples[s + bands - 1] : max;
                int r = samples[s];
                composited[0] = onWhite(colors == 3 ? samples[s + 2] : r, a, max, target);
                composited[1] = onWhite(colors == 3 ? samples[s + 1] : r, a, max, target);
                composited[2] = onWhite(r, a, max, target);
                if (photo instanceof Bgr16Image sixteen) {
                    for (int c = 0; c < 3; c++) {
                        sixteen.bgr()[p + c] = (short) composited[c];
                    }
                } else {
                    for (int c = 0; c < 3; c++) {
                        ((BgrImage) photo).bgr()[p + c] = (byte) composited[c];
                    }
                }
            }
        }
        return photo;
    }

    /**
     * {@code value} over white with opacity {@code alpha}, both of scale {@code max}, rescaled to
     * {@code target} (255 or 65535).
     */
    private static int onWhite(int value, int alpha, int max, int target) {
        double composited = alpha == max ? value : ((double) value * alpha + (double) max * (max - alpha)) / max;
        return (int) Math.round(composited * target / max);
    }
}
