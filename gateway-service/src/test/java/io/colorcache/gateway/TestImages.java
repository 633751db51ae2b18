package io.colorcache.gateway;

import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.HandmadePng;

/** Encoded test images, and hand-built files for the validator's edge cases. */
public final class TestImages {

    private TestImages() {
    }

    /** A gray gradient, encoded; {@code seed} makes each image distinct. */
    public static byte[] encoded(String format, int width, int height, int seed) {
        return GeneratedImages.encode(GeneratedImages.gradient(width, height, seed), format);
    }

    /** A structurally valid PNG that claims {@code width x height} pixels (its data is not a real raster). */
    public static byte[] pngHeaderClaiming(int width, int height) {
        return HandmadePng.withImageData(width, height, new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    }
}
