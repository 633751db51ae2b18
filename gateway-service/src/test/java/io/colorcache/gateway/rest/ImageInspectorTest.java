package io.colorcache.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colorcache.protocol.ImageFormat;
import io.colorcache.protocol.image.ImageInfo;
import io.colorcache.protocol.image.ImageInspector;
import io.colorcache.protocol.image.InvalidImageException;
import io.colorcache.testsupport.GeneratedImages;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The header checks on real encoder output: noise JPEGs have a 0xFF in every few hundred bytes of scan data. */
class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(50_000_000);

    private static byte[] noiseJpeg(int side, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return GeneratedImages.encode(image, "jpeg");
    }

    @Test
    void aWholeJpegPassesAndEveryCutThroughItsScanIsCaught() throws Exception {
        byte[] jpeg = noiseJpeg(97, 1);
        ImageInfo info = inspector.inspect(jpeg);
        assertThat(info.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(info.width()).isEqualTo(97);
        Random random = new Random(2);
        for (int i = 0; i < 300; i++) {
            int cut = 1000 + random.nextInt(jpeg.length - 1002);
            byte[] truncated = Arrays.copyOf(jpeg, cut);
            assertThatThrownBy(() -> inspector.inspect(truncated)).as("cut at " + cut)
                    .isInstanceOf(InvalidImageException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void theEndOfImageMarkerIsFoundAtEveryAlignment() throws Exception {
        // Trailing bytes after EOI shift where the scan ends relative to the 8-byte words.
        byte[] jpeg = noiseJpeg(64, 3);
        for (int pad = 0; pad < 16; pad++) {
            byte[] shifted = new byte[jpeg.length + pad];
            System.arraycopy(jpeg, 0, shifted, 0, jpeg.length);
            assertThat(inspector.inspect(shifted).height()).isEqualTo(64);
        }
        for (int drop = 1; drop <= 9; drop++) {
            byte[] shorter = Arrays.copyOf(jpeg, jpeg.length - drop);
            assertThatThrownBy(() -> inspector.inspect(shorter)).as("dropped " + drop)
                    .isInstanceOf(InvalidImageException.class);
        }
    }
}
