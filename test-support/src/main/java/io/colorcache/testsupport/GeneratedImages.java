package io.colorcache.testsupport;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Real images made on the fly: gray gradients, distinct per seed, encoded by ImageIO. */
public final class GeneratedImages {

    private GeneratedImages() {
    }

    /**
     * A gray gradient from dark to light, left to right, with three lighter or darker rectangles
     * and faint noise, all drawn from {@code seed}: photos of different seeds are different
     * pictures, not near-duplicates of each other.
     */
    public static BufferedImage gradient(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        java.util.Random noise = new java.util.Random(seed);
        int[] shade = new int[width * height];
        java.util.Random shapes = new java.util.Random(seed * 7919L + 17);
        for (int i = 0; i < 3; i++) {
            int w = width / 6 + shapes.nextInt(Math.max(1, width / 3));
            int h = height / 6 + shapes.nextInt(Math.max(1, height / 3));
            int left = shapes.nextInt(Math.max(1, width - w));
            int top = shapes.nextInt(Math.max(1, height - h));
            int offset = shapes.nextBoolean() ? 35 : -35;
            for (int y = top; y < top + h; y++) {
                for (int x = left; x < left + w; x++) {
                    shade[y * width + x] += offset;
                }
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int value = 40 + (x * 170) / width + noise.nextInt(8) + shade[y * width + x];
                data[y * width + x] = (byte) Math.max(0, Math.min(255, value));
            }
        }
        return image;
    }

    /** The image drawn at {@code width} x {@code height} (bilinear), as 8-bit BGR. */
    public static BufferedImage resized(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** JPEG at a chosen quality (0 to 1), as a photo re-saved by another program would be. */
    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
