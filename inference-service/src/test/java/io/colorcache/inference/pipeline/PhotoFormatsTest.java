package io.colorcache.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every photo people have decodes to its true values, as OpenCV's IMREAD_UNCHANGED reads them
 * (16-bit scaled from 65535, no gamma the decoder guessed, alpha on white), turned as its EXIF
 * orientation says. The files are made here, by ImageIO's own writers.
 */
class PhotoFormatsTest {

    private static final int W = 40;
    private static final int H = 24;

    private final ImageCodec codec = new ImageCodec(100_000_000L, 0.92f);

    @Test
    void sixteenBitGrayPngKeepsItsTrueLightness() throws Exception {
        BufferedImage gray16 = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = gray16.getRaster();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                raster.setSample(x, y, 0, value16(x, y));
            }
        }
        byte[] png = write(gray16, "png");
        assertSixteenBitsKept(codec.decodePhoto(png));
        BgrImage eight = codec.decode(png);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int expected = (int) Math.round(value16(x, y) / 257.0);
                assertPixel(eight, x, y, expected, expected, expected, 0);
            }
        }
    }

    @Test
    void sixteenBitPrecisionReachesTheModelInput() throws Exception {
        BufferedImage gray16 = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                gray16.getRaster().setSample(x, y, 0, 20_000 + x * 7 + y); // steps far below one 8-bit level
            }
        }
        Photo photo = codec.decodePhoto(write(gray16, "png"));
        DdcolorPreprocessor pre = new DdcolorPreprocessor(W);
        float[] full = new float[pre.inputLength()];
        float[] rounded = new float[pre.inputLength()];
        pre.preprocess(photo, full, 0);
        pre.preprocess(photo.toBgr8(), rounded, 0);
        long distinctFull = distinct(full, W * H);
        long distinctRounded = distinct(rounded, W * H);
        assertThat(distinctFull).as("gray levels the model sees").isGreaterThan(20 * distinctRounded);
        BgrImage result = new DdcolorPostprocessor(W).postprocess(photo, new float[2 * W * W], 0);
        assertThat(result.width()).isEqualTo(W);
    }

    private static long distinct(float[] values, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> values[i]).distinct().count();
    }

    private static void assertSixteenBitsKept(Photo photo) {
        assertThat(photo).isInstanceOf(Bgr16Image.class);
        short[] bgr = ((Bgr16Image) photo).bgr();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = (y * W + x) * 3;
                assertThat(new int[] {bgr[p] & 0xffff, bgr[p + 1] & 0xffff, bgr[p + 2] & 0xffff})
                        .as("pixel (%d, %d)", x, y).containsOnly(value16(x, y));
            }
        }
    }

    @Test
    void grayAlphaPngIsCompositedOnWhiteWithoutAGammaCurve() throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        BufferedImage grayAlpha = new BufferedImage(model, model.createCompatibleWritableRaster(W, H), false, null);
        WritableRaster raster = grayAlpha.getRaster();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                raster.setSample(x, y, 0, (x * 6) & 0xff);
                raster.setSample(x, y, 1, (y * 11) & 0xff);
            }
        }
        BgrImage decoded = codec.decode(write(grayAlpha, "png"));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = onWhite((x * 6) & 0xff, (y * 11) & 0xff);
                assertPixel(decoded, x, y, v, v, v, 0);
            }
        }
    }

    @Test
    void paletteWithTransparencyAndRgbaAreCompositedOnWhite() throws Exception {
        byte[] r = {0, (byte) 200, 10, (byte) 255};
        byte[] g = {0, 100, (byte) 220, (byte) 255};
        byte[] b = {0, 50, 30, 0};
        byte[] a = {(byte) 255, (byte) 128, 0, (byte) 255};
        IndexColorModel palette = new IndexColorModel(2, 4, r, g, b, a);
        BufferedImage indexed = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY, palette);
        BufferedImage rgba = new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                indexed.getRaster().setSample(x, y, 0, (x + y) % 4);
                rgba.getRaster().setPixel(x, y, new int[] {x * 6, y * 10, 90, (x * y) & 0xff});
            }
        }
        BgrImage fromPalette = codec.decode(write(indexed, "png"));
        BgrImage fromRgba = codec.decode(write(rgba, "png"));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = (x + y) % 4;
                int alpha = a[i] & 0xff;
                assertPixel(fromPalette, x, y, onWhite(r[i] & 0xff, alpha), onWhite(g[i] & 0xff, alpha),
                        onWhite(b[i] & 0xff, alpha), 0);
                int o = (x * y) & 0xff;
                assertPixel(fromRgba, x, y, onWhite(x * 6, o), onWhite(y * 10, o), onWhite(90, o), 0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "PackBits", "LZW", "Deflate", "tiled LZW"})
    void tiffScansOfEightAndSixteenBitsDecode(String compression) throws Exception {
        BufferedImage gray16 = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage gray8 = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                gray16.getRaster().setSample(x, y, 0, value16(x, y));
                rgb.getRaster().setPixel(x, y, new int[] {x * 6, y * 10, (x + y) * 3});
                gray8.getRaster().setSample(x, y, 0, x * 5 + y);
            }
        }
        byte[] tiff16 = tiff(compression, gray16);
        assertSixteenBitsKept(codec.decodePhoto(tiff16));
        BgrImage g16 = codec.decode(tiff16);
        BgrImage c8 = codec.decode(tiff(compression, rgb));
        BgrImage g8 = codec.decode(tiff(compression, gray8));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = (int) Math.round(value16(x, y) / 257.0);
                assertPixel(g16, x, y, v, v, v, 0);
                assertPixel(c8, x, y, x * 6, y * 10, (x + y) * 3, 0);
                assertPixel(g8, x, y, x * 5 + y, x * 5 + y, x * 5 + y, 0);
            }
        }
    }

    @Test
    void aMultiPageTiffGivesItsFirstPage() throws Exception {
        BufferedImage first = solid(W, H, 30);
        BufferedImage second = solid(W * 2, H * 2, 220);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(first, null, null), null);
            writer.writeToSequence(new IIOImage(second, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        BgrImage decoded = codec.decode(bytes.toByteArray());
        assertThat(decoded.width()).isEqualTo(W);
        assertPixel(decoded, 3, 3, 30, 30, 30, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lossless", "lossy"})
    void webpDecodes(String kind) throws Exception {
        // Made by tools/make_format_samples.py: R = 4x, G = 5y, B = 3(x+y) mod 256 on 64x48.
        BgrImage decoded = codec.decode(resource("/formats/rgb-" + kind + ".webp"));
        assertThat(decoded.width()).isEqualTo(64);
        assertThat(decoded.height()).isEqualTo(48);
        if (kind.equals("lossless")) {
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    assertPixel(decoded, x, y, (4 * x) % 256, (5 * y) % 256, (3 * (x + y)) % 256, 0);
                }
            }
        }
        // libwebp decodes the lossy file 2.2 levels from the pattern on average (OpenCV alike).
        assertThat(meanDiffFromPattern(decoded)).as("mean |diff| from the pattern").isLessThan(4.0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void cmykJpegIsConvertedAsLibjpegStoresIt(boolean turboJpeg) throws Exception {
        // Made by tools/make_format_samples.py: Pillow's CMYK (255 - RGB, K = 0), Adobe-inverted in the file.
        BgrImage decoded = jpegCodec(turboJpeg).decode(resource("/formats/rgb-cmyk.jpg"));
        // OpenCV decodes the file 1.0 level from the pattern on average; the JDK's colour
        // conversion of CMYK was far brighter.
        assertThat(meanDiffFromPattern(decoded)).as("mean |diff| from the pattern").isLessThan(4.0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void ycckJpegIsConvertedAsLibjpegStoresIt(boolean turboJpeg) throws Exception {
        // Made by tools/MakeYcckSample.java: stored C, M, Y = the pattern, stored K = 255 - 2(x+y) mod 96.
        BgrImage decoded = jpegCodec(turboJpeg).decode(resource("/formats/rgb-ycck.jpg"));
        long sum = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int k = 255 - (2 * (x + y)) % 96;
                int p = (y * 64 + x) * 3;
                sum += Math.abs((decoded.bgr()[p + 2] & 0xff) - inked((4 * x) % 256, k))
                        + Math.abs((decoded.bgr()[p + 1] & 0xff) - inked((5 * y) % 256, k))
                        + Math.abs((decoded.bgr()[p] & 0xff) - inked((3 * (x + y)) % 256, k));
            }
        }
        // Converted as OpenCV does: the colour under the black ink. Read as if K were absent,
        // it would be 22 levels brighter on average.
        assertThat(sum / (64.0 * 48 * 3)).as("mean |diff| from the inked pattern").isLessThan(4.0);
    }

    /** A codec decoding JPEG through TurboJPEG or ImageIO; skips the test where TurboJPEG is asked for but missing. */
    private static ImageCodec jpegCodec(boolean turboJpeg) {
        java.util.Optional<TurboJpeg> turbo = turboJpeg ? TurboJpeg.load(TurboJpeg.DEBIAN_JAR) : java.util.Optional.empty();
        org.junit.jupiter.api.Assumptions.assumeTrue(turbo.isPresent() == turboJpeg, "TurboJPEG binding not installed");
        return new ImageCodec(100_000_000L, 0.92f, turbo);
    }

    /** OpenCV's Adobe-inverted CMYK to RGB of one channel. */
    private static int inked(int stored, int k) {
        return k - ((255 - stored) * k >> 8);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void exifOrientationTurnsAPngAsAViewerShowsIt(int orientation) throws Exception {
        BufferedImage stored = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                stored.getRaster().setPixel(x, y, new int[] {x * 6, y * 10, 77});
            }
        }
        byte[] png = withPngExif(write(stored, "png"), orientation);
        BgrImage shown = codec.decode(png);
        boolean swaps = orientation >= 5;
        assertThat(shown.width()).isEqualTo(swaps ? H : W);
        assertThat(shown.height()).isEqualTo(swaps ? W : H);
        for (int dy = 0; dy < shown.height(); dy++) {
            for (int dx = 0; dx < shown.width(); dx++) {
                int[] source = displayedFrom(orientation, dx, dy);
                assertPixel(shown, dx, dy, source[0] * 6, source[1] * 10, 77, 0);
            }
        }
    }

    @Test
    void exifOrientationOfAJpegIsApplied() throws Exception {
        BufferedImage stored = new BufferedImage(64, 32, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                stored.getRaster().setPixel(x, y, x < 32 ? new int[] {250, 250, 250} : new int[] {5, 5, 5});
            }
        }
        byte[] jpeg = write(stored, "jpeg");
        byte[] app1 = segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exifTiff(6)));
        byte[] rotated = concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, app1, java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
        BgrImage shown = codec.decode(rotated);
        // Orientation 6: the stored left half (white) is the displayed top.
        assertThat(shown.width()).isEqualTo(32);
        assertThat(shown.height()).isEqualTo(64);
        assertPixel(shown, 16, 8, 250, 250, 250, 6);
        assertPixel(shown, 16, 56, 5, 5, 5, 6);
    }

    @Test
    void resultsAreEncodedAsWebpWhenAsked() throws Exception {
        BgrImage image = BgrImage.blank(64, 48);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int p = (y * 64 + x) * 3;
                image.bgr()[p] = (byte) ((3 * (x + y)) % 256);
                image.bgr()[p + 1] = (byte) ((5 * y) % 256);
                image.bgr()[p + 2] = (byte) ((4 * x) % 256);
            }
        }
        byte[] webp = codec.encode(image, io.colorcache.protocol.OutputFormat.WEBP);
        assertThat(io.colorcache.protocol.ImageFormat.sniff(webp)).contains(io.colorcache.protocol.ImageFormat.WEBP);
        // Lossy at the JPEG quality, decoded back by the upload decoder.
        assertThat(meanDiffFromPattern(codec.decode(webp))).as("mean |diff| after the round trip").isLessThan(4.0);
    }

    @Test
    void anUnreadableOrientationLeavesThePhotoAsStored() {
        assertThat(ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 2})).isEqualTo(1);
        assertThat(ExifOrientation.of("II*\0\u00ff\u00ff\u00ff\u007f".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(1);
    }

    @Test
    void aFileThatIsNoImageIsUndecodable() {
        assertThatThrownBy(() -> codec.decode("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(UndecodableImageException.class);
    }

    /** Mean |diff| of a 64x48 decode from the samples' pattern: R = 4x, G = 5y, B = 3(x+y) mod 256. */
    private static double meanDiffFromPattern(BgrImage decoded) {
        assertThat(decoded.width()).isEqualTo(64);
        assertThat(decoded.height()).isEqualTo(48);
        long sum = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int p = (y * 64 + x) * 3;
                sum += Math.abs((decoded.bgr()[p + 2] & 0xff) - (4 * x) % 256)
                        + Math.abs((decoded.bgr()[p + 1] & 0xff) - (5 * y) % 256)
                        + Math.abs((decoded.bgr()[p] & 0xff) - (3 * (x + y)) % 256);
            }
        }
        return sum / (64.0 * 48 * 3);
    }

    /** For a displayed pixel, the stored one it shows (EXIF orientation semantics). */
    static int[] displayedFrom(int orientation, int dx, int dy) {
        return switch (orientation) {
            case 2 -> new int[] {W - 1 - dx, dy};
            case 3 -> new int[] {W - 1 - dx, H - 1 - dy};
            case 4 -> new int[] {dx, H - 1 - dy};
            case 5 -> new int[] {dy, dx};
            case 6 -> new int[] {dy, H - 1 - dx};
            case 7 -> new int[] {W - 1 - dy, H - 1 - dx};
            case 8 -> new int[] {W - 1 - dy, dx};
            default -> new int[] {dx, dy};
        };
    }

    private static int value16(int x, int y) {
        return (x * 1601 + y * 331) % 65536;
    }

    private static int onWhite(int value, int alpha) {
        return (int) Math.round((value * alpha + 255.0 * (255 - alpha)) / 255.0);
    }

    private static void assertPixel(BgrImage image, int x, int y, int r, int g, int b, int tolerance) {
        int p = (y * image.width() + x) * 3;
        byte[] bgr = image.bgr();
        assertThat(new int[] {bgr[p + 2] & 0xff, bgr[p + 1] & 0xff, bgr[p] & 0xff})
                .as("pixel (%d, %d)", x, y)
                .satisfies(rgb -> {
                    assertThat(rgb[0]).isCloseTo(r & 0xff, org.assertj.core.data.Offset.offset(tolerance));
                    assertThat(rgb[1]).isCloseTo(g & 0xff, org.assertj.core.data.Offset.offset(tolerance));
                    assertThat(rgb[2]).isCloseTo(b & 0xff, org.assertj.core.data.Offset.offset(tolerance));
                });
    }

    private static BufferedImage solid(int w, int h, int gray) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, gray);
            }
        }
        return image;
    }

    static byte[] write(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, bytes)).as("a %s writer for this image", format).isTrue();
        return bytes.toByteArray();
    }

    /** A TIFF from the JDK's writer: compression as named, 16x16 tiles when it starts with "tiled". */
    static byte[] tiff(String compression, BufferedImage image) throws IOException {
        // The JDK's own TIFF writer: it writes tiles, which TwelveMonkeys' does not.
        ImageWriter writer = java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(
                        ImageIO.getImageWritersByFormatName("tiff"), 0), false)
                .filter(w -> w.getClass().getName().startsWith("com.sun.imageio"))
                .findFirst().orElseThrow();
        ImageWriteParam param = writer.getDefaultWriteParam();
        String type = compression.replace("tiled ", "");
        if (compression.startsWith("tiled")) {
            param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
            param.setTiling(16, 16, 0, 0);
        }
        if (!type.isEmpty()) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(type);
        }
        return write(image, writer, param);
    }

    /** {@code image} through {@code writer} with {@code param}; the writer is disposed of. */
    static byte[] write(BufferedImage image, ImageWriter writer, ImageWriteParam param) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A big-endian EXIF TIFF block with one tag: the orientation. */
    static byte[] exifTiff(int orientation) {
        return ByteBuffer.allocate(26).put("MM".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 42).putInt(8)
                .putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) orientation).putShort((short) 0).putInt(0).array();
    }

    /** The PNG with an eXIf chunk holding {@code orientation}, right after IHDR. */
    static byte[] withPngExif(byte[] png, int orientation) {
        byte[] exif = exifTiff(orientation);
        byte[] type = "eXIf".getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(exif);
        byte[] chunk = ByteBuffer.allocate(12 + exif.length).putInt(exif.length).put(type).put(exif)
                .putInt((int) crc.getValue()).array();
        int afterIhdr = 8 + 8 + 13 + 4;
        return concat(java.util.Arrays.copyOfRange(png, 0, afterIhdr), chunk,
                java.util.Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    static byte[] segment(int marker, byte[] body) {
        return ByteBuffer.allocate(4 + body.length).put((byte) 0xFF).put((byte) marker)
                .putShort((short) (body.length + 2)).put(body).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PhotoFormatsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
