package io.colorcache.inference.pipeline;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * One small photo of each format class, made the same way every time (the JDK's encoders are
 * deterministic) from one smooth, textured scene, plus the samples no Java writer makes (WebP,
 * CMYK and YCCK JPEG, WebP with alpha and EXIF; from test-support). The golden files under {@code golden/formats} were computed by
 * {@code tools/ddcolor_golden.py} from exactly these bytes; their SHA-256 is in each golden.
 *
 * <p>{@code main(DIR)} writes them for the script:
 * {@code java -cp ... FormatSamples /tmp/samples && tools/ddcolor_golden.py OUT --size 32 /tmp/samples/*}.
 */
public final class FormatSamples {

    static final int W = 96;
    static final int H = 64;

    private FormatSamples() {
    }

    /** File name to bytes, in a fixed order. */
    public static Map<String, byte[]> all() {
        try {
            Map<String, byte[]> samples = new LinkedHashMap<>();
            samples.put("gray8.png", PhotoFormatsTest.write(gray8(), "png"));
            samples.put("gray16.png", PhotoFormatsTest.write(gray16(), "png"));
            samples.put("gray-alpha.png", PhotoFormatsTest.write(grayAlpha(), "png"));
            samples.put("palette-trns.png", PhotoFormatsTest.write(palette(), "png"));
            samples.put("rgba.png", PhotoFormatsTest.write(rgba(), "png"));
            samples.put("rgb16.png", PhotoFormatsTest.write(rgb16(), "png"));
            samples.put("gray8-packbits.tif", PhotoFormatsTest.tiff("PackBits", gray8()));
            samples.put("gray16-lzw-tiled.tif", PhotoFormatsTest.tiff("tiled LZW", gray16()));
            samples.put("rgb8-deflate.tif", PhotoFormatsTest.tiff("Deflate", rgb8()));
            samples.put("rgb16-lzw.tif", PhotoFormatsTest.tiff("LZW", rgb16()));
            samples.put("progressive.jpg", progressiveJpeg(rgb8()));
            samples.put("exif6.png", PhotoFormatsTest.withPngExif(PhotoFormatsTest.write(rgb8(), "png"), 6));
            samples.put("exif8.jpg", withJpegExif(PhotoFormatsTest.write(rgb8(), "jpeg"), 8));
            samples.put("rgb-lossless.webp", PhotoFormatsTest.resource("/formats/rgb-lossless.webp"));
            samples.put("rgb-lossy.webp", PhotoFormatsTest.resource("/formats/rgb-lossy.webp"));
            samples.put("rgb-cmyk.jpg", PhotoFormatsTest.resource("/formats/rgb-cmyk.jpg"));
            samples.put("rgb-ycck.jpg", PhotoFormatsTest.resource("/formats/rgb-ycck.jpg"));
            samples.put("rgba-exif6.webp", PhotoFormatsTest.resource("/formats/rgba-exif6.webp"));
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, byte[]> sample : all().entrySet()) {
            Files.write(dir.resolve(sample.getKey()), sample.getValue());
        }
    }

    /** Photo-like: broad gradients under texture of many frequencies (fixed random sinusoids), in [0, 1]. */
    private static double scene(int channel, int x, int y) {
        double u = (double) x / W;
        double v = (double) y / H;
        double base = switch (channel) {
            case 0 -> 0.2 + 0.55 * u * v + 0.1 * v;
            case 1 -> 0.3 + 0.4 * Math.sin(Math.PI * u) * (1 - 0.5 * v);
            default -> 0.75 - 0.5 * v + 0.1 * u;
        };
        double texture = 0;
        for (int i = 0; i < WAVES.length; i += 4) {
            texture += WAVES[i] * Math.sin(WAVES[i + 1] * x + WAVES[i + 2] * y + WAVES[i + 3] + channel);
        }
        return Math.max(0, Math.min(1, base + texture));
    }

    /** amplitude, x frequency, y frequency, phase; amplitudes falling with frequency, as in photos. */
    private static final double[] WAVES = waves();

    private static double[] waves() {
        java.util.Random random = new java.util.Random(13);
        double[] waves = new double[4 * 24];
        for (int i = 0; i < waves.length; i += 4) {
            double frequency = 0.05 + 1.5 * random.nextDouble();
            double angle = 2 * Math.PI * random.nextDouble();
            waves[i] = 0.025 / (0.3 + frequency);
            waves[i + 1] = frequency * Math.cos(angle);
            waves[i + 2] = frequency * Math.sin(angle);
            waves[i + 3] = 2 * Math.PI * random.nextDouble();
        }
        return waves;
    }

    private static BufferedImage gray8() {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        fill(image, 1, 255);
        return image;
    }

    private static BufferedImage gray16() {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        fill(image, 1, 65535);
        return image;
    }

    private static BufferedImage rgb8() {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        fill(image, 3, 255);
        return image;
    }

    private static BufferedImage rgb16() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage image = new BufferedImage(model, model.createCompatibleWritableRaster(W, H), false, null);
        fill(image, 3, 65535);
        return image;
    }

    private static BufferedImage grayAlpha() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        BufferedImage image = new BufferedImage(model, model.createCompatibleWritableRaster(W, H), false, null);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.getRaster().setSample(x, y, 0, (int) Math.round(255 * scene(1, x, y)));
                image.getRaster().setSample(x, y, 1, (int) Math.round(255 * (0.3 + 0.7 * scene(0, x, y))));
            }
        }
        return image;
    }

    private static BufferedImage rgba() {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.getRaster().setPixel(x, y, new int[] {(int) Math.round(255 * scene(0, x, y)),
                        (int) Math.round(255 * scene(1, x, y)), (int) Math.round(255 * scene(2, x, y)),
                        x < W / 4 ? 0 : (int) Math.round(255 * scene(2, y, x))});
            }
        }
        return image;
    }

    /** 16 colours of the scene, the first one fully and the second half transparent (tRNS). */
    private static BufferedImage palette() {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        byte[] a = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (i * 16);
            g[i] = (byte) (255 - i * 12);
            b[i] = (byte) (60 + i * 9);
            a[i] = (byte) (i == 0 ? 0 : i == 1 ? 128 : 255);
        }
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(4, 16, r, g, b, a));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.getRaster().setSample(x, y, 0, (int) Math.min(15, 16 * scene(0, x, y)));
            }
        }
        return image;
    }

    private static void fill(BufferedImage image, int channels, int max) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < channels; c++) {
                    image.getRaster().setSample(x, y, c, (int) Math.round(max * scene(channels == 1 ? 1 : c, x, y)));
                }
            }
        }
    }

    private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        return PhotoFormatsTest.write(image, writer, param);
    }

    private static byte[] withJpegExif(byte[] jpeg, int orientation) {
        byte[] app1 = PhotoFormatsTest.segment(0xE1, PhotoFormatsTest.concat(
                "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), PhotoFormatsTest.exifTiff(orientation)));
        return PhotoFormatsTest.concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, app1, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }
}
