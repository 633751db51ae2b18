package io.colorcache.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colorcache.inference.pipeline.ImageCodec;
import io.colorcache.inference.pipeline.Photo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A decode past its deadline fails the job at once; what it holds is given back when it ends. */
class DeadlineDecoderTest {

    private final ImageCodec codec = new ImageCodec(100_000_000L, 0.92f);

    @Test
    void aDecodePastItsDeadlineFailsAtOnceAndReleasesWhenItEnds() throws Exception {
        byte[] slow = noisePng(3000, 2000); // hundreds of milliseconds of inflating and unfiltering
        CountDownLatch ended = new CountDownLatch(1);
        try (DeadlineDecoder decoder = new DeadlineDecoder(codec, Duration.ofMillis(5))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> decoder.decode(slow, ended::countDown))
                    .isInstanceOf(DeadlineDecoder.Overran.class)
                    .hasMessageContaining("longer than");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(ended.await(30, TimeUnit.SECONDS)).as("the abandoned decode ended and said so").isTrue();
        }
    }

    @Test
    void aDecodeWithinItsDeadlineGivesThePhotoAndLeavesReleasingToTheCaller() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        try (DeadlineDecoder decoder = new DeadlineDecoder(codec, Duration.ofSeconds(30))) {
            Photo photo = decoder.decode(noisePng(64, 48), ended::countDown);
            assertThat(photo.width()).isEqualTo(64);
            assertThat(ended.getCount()).isEqualTo(1);
        }
    }

    private static byte[] noisePng(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(3);
        byte[] samples = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        random.nextBytes(samples);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
