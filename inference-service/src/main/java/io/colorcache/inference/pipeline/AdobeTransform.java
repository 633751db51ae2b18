package io.colorcache.inference.pipeline;

import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;

/**
 * The colour transform of a four-component JPEG, from its Adobe APP14 segment: 0 for CMYK, 2
 * for YCCK (the first three components as YCbCr of the inverted CMY, as Photoshop writes them).
 */
final class AdobeTransform {

    private static final int YCCK = 2;

    private AdobeTransform() {
    }

    static boolean isYcck(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xDA || marker == 0xD9) {
                return false;
            }
            int length = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            int body = pos + 4;
            if (marker == 0xEE && length >= 14 && body + 12 <= jpeg.length
                    && new String(jpeg, body, 5, StandardCharsets.ISO_8859_1).equals("Adobe")) {
                return (jpeg[body + 11] & 0xff) == YCCK;
            }
            pos += 2 + length;
        }
        return false;
    }

    /**
     * YCCK samples to CMYK as libjpeg gives them: {@code C = 255 - R} of the YCbCr conversion
     * (JFIF coefficients), likewise M and Y; K unchanged.
     */
    static Raster ycckToCmyk(Raster ycck) {
        WritableRaster cmyk = ycck.createCompatibleWritableRaster();
        int width = ycck.getWidth();
        int[] row = new int[width * 4];
        for (int y = 0; y < ycck.getHeight(); y++) {
            ycck.getPixels(ycck.getMinX(), ycck.getMinY() + y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int i = x * 4;
                double luma = row[i];
                double cb = row[i + 1] - 128.0;
                double cr = row[i + 2] - 128.0;
                row[i] = 255 - clamp(luma + 1.402 * cr);
                row[i + 1] = 255 - clamp(luma - 0.344136 * cb - 0.714136 * cr);
                row[i + 2] = 255 - clamp(luma + 1.772 * cb);
            }
            cmyk.setPixels(0, y, width, 1, row);
        }
        return cmyk;
    }

    private static int clamp(double value) {
        long v = Math.round(value);
        return (int) (v < 0 ? 0 : v > 255 ? 255 : v);
    }
}
