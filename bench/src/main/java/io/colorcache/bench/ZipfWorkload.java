package io.colorcache.bench;

import io.colorcache.testsupport.GeneratedImages;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A repetitive workload: distinct photos made from a few sample photos by crops, scales and
 * re-encodes, and request sequences where the photo of popularity rank k is asked for with
 * probability proportional to 1/k^s.
 */
final class ZipfWorkload {

    private final List<byte[]> photosByRank;
    private final double[] cumulative;

    private ZipfWorkload(List<byte[]> photosByRank, double exponent) {
        this.photosByRank = photosByRank;
        this.cumulative = new double[photosByRank.size()];
        double sum = 0;
        for (int k = 1; k <= cumulative.length; k++) {
            sum += 1 / Math.pow(k, exponent);
            cumulative[k - 1] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    /** {@code count} distinct JPEGs from the JPEG files of {@code samples}, ranked at random. */
    static ZipfWorkload fromSamples(Path samples, int count, double exponent, long seed) throws IOException {
        List<BufferedImage> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(samples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                sources.add(shrink(ImageIO.read(file.toFile()), 640));
            }
        }
        Random random = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<byte[]> photos = new ArrayList<>();
        while (photos.size() < count) {
            BufferedImage source = sources.get(photos.size() % sources.size());
            int w = (int) (source.getWidth() * (0.55 + 0.4 * random.nextDouble()));
            int h = (int) (source.getHeight() * (0.55 + 0.4 * random.nextDouble()));
            int x = random.nextInt(source.getWidth() - w + 1);
            int y = random.nextInt(source.getHeight() - h + 1);
            BufferedImage crop = shrink(source.getSubimage(x, y, w, h), 256 + random.nextInt(257));
            byte[] jpeg = GeneratedImages.jpeg(crop, 0.70f + 0.25f * random.nextFloat());
            if (seen.add(io.colorcache.protocol.Sha256.hex(jpeg))) {
                photos.add(jpeg);
            }
        }
        Collections.shuffle(photos, random);
        return new ZipfWorkload(photos, exponent);
    }

    int distinct() {
        return photosByRank.size();
    }

    List<byte[]> photos() {
        return photosByRank;
    }

    /** A request sequence of {@code length} photos. */
    List<byte[]> sequence(int length, long seed) {
        Random random = new Random(seed);
        List<byte[]> requests = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            int rank = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
            requests.add(photosByRank.get(rank >= 0 ? rank : -rank - 1));
        }
        return requests;
    }

    private static BufferedImage shrink(BufferedImage image, int maxSide) {
        double scale = Math.min(1.0, maxSide / (double) Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
