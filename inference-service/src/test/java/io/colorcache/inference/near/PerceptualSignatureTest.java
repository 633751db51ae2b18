package io.colorcache.inference.near;

import static org.assertj.core.api.Assertions.assertThat;

import io.colorcache.inference.pipeline.BgrImage;
import io.colorcache.testsupport.GeneratedImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The perceptual signature on the sample photos: a re-encoded or resized copy keeps its hash
 * within a few bits and its thumbnail's correlation near 1; another photo does not.
 */
class PerceptualSignatureTest {

    private static final Path SAMPLES = Path.of("../samples/photos");

    private static BufferedImage read(String name) throws IOException {
        BufferedImage image = ImageIO.read(SAMPLES.resolve(name).toFile());
        return GeneratedImages.resized(image, image.getWidth(), image.getHeight());
    }

    private static PerceptualSignature signature(BufferedImage image) {
        byte[] samples = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        return PerceptualSignature.of(new BgrImage(image.getWidth(), image.getHeight(), samples));
    }

    private static BufferedImage jpeg(BufferedImage image, float quality) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(GeneratedImages.jpeg(image, quality)));
        return GeneratedImages.resized(decoded, decoded.getWidth(), decoded.getHeight());
    }

    @Test
    void reEncodedAndResizedCopiesStayCloseAndOtherPhotosDoNot() throws IOException {
        BufferedImage base = read("louis-armstrong-practicing-in-his-dressi.jpg");
        PerceptualSignature original = signature(base);
        for (BufferedImage copy : new BufferedImage[] {jpeg(base, 0.5f),
                GeneratedImages.resized(base, base.getWidth() / 2, base.getHeight() / 2),
                jpeg(GeneratedImages.resized(base, base.getWidth() * 3 / 4, base.getHeight() * 3 / 4), 0.75f)}) {
            PerceptualSignature near = signature(copy);
            System.out.printf("copy %dx%d: distance %d, correlation %.4f%n", copy.getWidth(), copy.getHeight(),
                    PerceptualSignature.distance(original.hash(), near.hash()), original.correlation(near));
            assertThat(PerceptualSignature.distance(original.hash(), near.hash())).isLessThanOrEqualTo(6);
            assertThat(original.correlation(near)).isGreaterThan(0.97);
            assertThat(Math.abs(near.aspect() - original.aspect())).isLessThan(0.01f);
        }
        try (var others = Files.list(SAMPLES)) {
            for (Path other : others.filter(p -> !p.getFileName().toString().startsWith("louis")).toList()) {
                PerceptualSignature unrelated = signature(read(other.getFileName().toString()));
                System.out.printf("other %s: distance %d, correlation %.4f%n", other.getFileName(),
                        PerceptualSignature.distance(original.hash(), unrelated.hash()), original.correlation(unrelated));
                assertThat(PerceptualSignature.distance(original.hash(), unrelated.hash())).as(other.toString())
                        .isGreaterThan(12);
                assertThat(original.correlation(unrelated)).as(other.toString()).isLessThan(0.9);
            }
        }
    }

    @Test
    void theThumbnailIsTheExactAreaAverage() {
        // 128 x 64 in four vertical bands of gray 0, 85, 170, 255: each 64-wide cell row covers two
        // source pixels, so the thumbnail is the same bands, standardised.
        int width = 128;
        int height = 64;
        byte[] bgr = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                byte level = (byte) (85 * (x / 32));
                int p = (y * width + x) * 3;
                bgr[p] = level;
                bgr[p + 1] = level;
                bgr[p + 2] = level;
            }
        }
        double[] thumb = PerceptualSignature.areaAverage(new BgrImage(width, height, bgr), 64);
        assertThat(thumb[0]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(thumb[16]).isCloseTo(85 / 255.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(thumb[63 * 64 + 63]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(PerceptualSignature.standardise(new double[64 * 64])).containsOnly((byte) 0);
    }

    @Test
    void theTestSuitesGradientsOfDifferentSeedsAreNotNearDuplicatesOfEachOther() {
        // Many tests post gradients of distinct seeds and expect each to be computed, not reused.
        NearVerification verification = new NearVerification(0.95, 0.03);
        List<PerceptualSignature> signatures = new ArrayList<>();
        for (int seed = 0; seed < 150; seed++) {
            signatures.add(signature(GeneratedImages.resized(GeneratedImages.gradient(96, 72, seed), 96, 72)));
        }
        for (int a = 0; a < signatures.size(); a++) {
            for (int b = a + 1; b < signatures.size(); b++) {
                boolean near = PerceptualSignature.distance(signatures.get(a).hash(), signatures.get(b).hash())
                        <= HashBands.MAX_RADIUS
                        && verification.check(signatures.get(a), signatures.get(b)) == NearVerification.Verdict.REUSE;
                assertThat(near).as("seeds %d and %d", a, b).isFalse();
            }
        }
    }
}
