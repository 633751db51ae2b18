package io.colorcache.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.colorcache.protocol.OutputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TurboJPEG codec against ImageIO on real photos. Runs where Debian's libturbojpeg-java is
 * installed (.ci/run installs it); the fallback test runs everywhere.
 */
class TurboJpegTest {

    private static final Path PHOTO = Path.of("../samples/photos/einstein-rejection-and-crafting-a-future.jpg");
    private static Optional<TurboJpeg> turbo;

    @BeforeAll
    static void load() {
        turbo = TurboJpeg.load(TurboJpeg.DEBIAN_JAR);
    }

    @Test
    void decodesLikeImageIoAndEncodesWhatImageIoReads() throws Exception {
        assumeThat(turbo).as("libturbojpeg-java installed").isPresent();
        byte[] jpeg = Files.readAllBytes(PHOTO);
        ImageCodec imageIo = new ImageCodec(100_000_000L, 0.92f);
        ImageCodec fast = new ImageCodec(100_000_000L, 0.92f, turbo);

        BgrImage reference = imageIo.decode(jpeg);
        BgrImage decoded = fast.decode(jpeg);
        assertThat(decoded.width()).isEqualTo(reference.width());
        assertThat(decoded.height()).isEqualTo(reference.height());
        assertThat(meanDifference(decoded, reference)).as("IDCT and upsampling differ slightly").isLessThan(1.5);

        byte[] encoded = fast.encode(decoded, OutputFormat.JPEG);
        BgrImage back = imageIo.decode(encoded);
        assertThat(back.width()).isEqualTo(decoded.width());
        assertThat(meanDifference(back, decoded)).as("quality 92 round trip").isLessThan(3);
    }

    @Test
    void aMissingBindingMeansImageIo() throws Exception {
        assertThat(TurboJpeg.load(Path.of("/nonexistent/turbojpeg.jar"))).isEmpty();
        ImageCodec codec = new ImageCodec(100_000_000L, 0.92f, Optional.empty());
        assertThat(codec.decode(Files.readAllBytes(PHOTO)).width()).isEqualTo(728);
    }

    @Test
    void pngStillGoesThroughImageIo() throws Exception {
        assumeThat(turbo).isPresent();
        ImageCodec fast = new ImageCodec(100_000_000L, 0.92f, turbo);
        BgrImage image = fast.decode(Files.readAllBytes(PHOTO));
        byte[] png = fast.encode(image, OutputFormat.PNG);
        assertThat(fast.decode(png).bgr()).isEqualTo(image.bgr());
    }

    private static double meanDifference(BgrImage a, BgrImage b) {
        long sum = 0;
        for (int i = 0; i < a.bgr().length; i++) {
            sum += Math.abs((a.bgr()[i] & 0xff) - (b.bgr()[i] & 0xff));
        }
        return (double) sum / a.bgr().length;
    }
}
