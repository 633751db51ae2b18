package io.colorcache.gateway;

import io.colorcache.testsupport.HandmadePng;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real encoded images made on the fly, and hand-built files for the validator's edge cases. */
public final class TestImages {

    private TestImages() {
    }

    /** A gray gradient, encoded; {@code seed} makes each image distinct. */
    public static byte[] encoded(String format, int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                data[y * width + x] = (byte) ((x * 200 / width + y * 50 / height + seed * 7) & 0xff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A structurally valid PNG that claims {@code width x height} pixels (its data is not a real raster). */
    public static byte[] pngHeaderClaiming(int width, int height) {
        return HandmadePng.withImageData(width, height, new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    }
}
