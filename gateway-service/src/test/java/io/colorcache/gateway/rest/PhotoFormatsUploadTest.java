package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * TIFF and WebP are accepted like JPEG and PNG; hostile files of every format are refused with
 * a problem, before anything is stored (the check reads headers and structure, never pixels).
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class PhotoFormatsUploadTest {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private static final String TYPE = "https://colorcache.io/problems/";

    @Test
    void everyFormatSampleIsQueuedAsItCame() throws IOException {
        for (byte[] upload : new byte[][] {tiff(48, 32), resource("/formats/rgb-lossless.webp"),
                resource("/formats/rgb-lossy.webp"), resource("/formats/rgba-exif6.webp"),
                resource("/formats/rgb-cmyk.jpg"), resource("/formats/rgb-ycck.jpg")}) {
            given().contentType("application/octet-stream").body(upload).post("/v1/jobs").then().statusCode(202);
            try (RespClient redis = RedisTestResource.server().client()) {
                assertThat(redis.bytes("GET", KEYS.input(Sha256.hex(upload)))).isEqualTo(upload);
            }
        }
    }

    @Test
    void aTiffDeclaringHugeDimensionsIs422() throws IOException {
        byte[] tiff = tiff(48, 32);
        patchTiffTag(tiff, 256, 100_000);
        patchTiffTag(tiff, 257, 100_000);
        refused(tiff, 422, "image-too-large");
    }

    @Test
    void aTiffWhoseStripsLiePastTheEndIs422() throws IOException {
        byte[] tiff = tiff(48, 32);
        refused(Arrays.copyOf(tiff, tiff.length - 100), 422, "corrupt-image").body("detail", containsString("past the end"));
    }

    @Test
    void aTiffDeflateBombIsRefusedByItsDeclaredSize() {
        // 60000 x 60000 gray zeros, Deflate: under 3 MB of file would be 3.6 GB of pixels.
        refused(deflateTiff(60_000, 60_000), 422, "image-too-large");
    }

    @Test
    void aPngWhoseTextInflatesToAGigabyteIs422() throws IOException {
        byte[] png = TestImages.encoded("png", 16, 16, 5);
        byte[] bomb = pngChunk("zTXt", concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), zeros(64 << 20)));
        byte[] withBomb = concat(Arrays.copyOf(png, 33), bomb, Arrays.copyOfRange(png, 33, png.length));
        refused(withBomb, 422, "corrupt-image").body("detail", containsString("decompression bomb"));
    }

    @Test
    void aPngDeclaringHugeDimensionsIs422() {
        refused(TestImages.pngHeaderClaiming(100_000, 100_000), 422, "image-too-large");
    }

    @Test
    void aJpegOfThousandsOfScansIs422() throws IOException {
        byte[] jpeg = TestImages.encoded("jpeg", 16, 16, 6);
        byte[] scan = {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x55};
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(jpeg, 0, jpeg.length - 2);
        for (int i = 0; i < 3000; i++) {
            bomb.write(scan);
        }
        bomb.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
        refused(bomb.toByteArray(), 422, "corrupt-image").body("detail", containsString("scans"));
    }

    @Test
    void arithmeticAndTwelveBitJpegsAre415() throws IOException {
        byte[] jpeg = TestImages.encoded("jpeg", 16, 16, 7);
        int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
        byte[] arithmetic = jpeg.clone();
        arithmetic[sof + 1] = (byte) 0xC9;
        refused(arithmetic, 415, "unsupported-media-type").body("detail", containsString("arithmetic"));
        byte[] twelveBit = jpeg.clone();
        twelveBit[sof + 4] = 12;
        refused(twelveBit, 415, "unsupported-media-type").body("detail", containsString("12-bit"));
    }

    @Test
    void animatedWebpIs415() throws IOException {
        byte[] webp = resource("/formats/rgb-lossless.webp");
        byte[] vp8x = concat("VP8X".getBytes(StandardCharsets.ISO_8859_1), le32(10),
                new byte[] {0x02, 0, 0, 0, 63, 0, 0, 47, 0, 0});
        byte[] animated = concat(Arrays.copyOf(webp, 12), vp8x, Arrays.copyOfRange(webp, 12, webp.length));
        ByteBuffer.wrap(animated, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(animated.length - 8);
        refused(animated, 415, "unsupported-media-type").body("detail", containsString("animated"));
    }

    @Test
    void aTruncatedWebpIs422() throws IOException {
        byte[] webp = resource("/formats/rgb-lossy.webp");
        refused(Arrays.copyOf(webp, webp.length - 40), 422, "corrupt-image");
    }

    private static ValidatableResponse refused(byte[] upload, int status, String type) {
        ValidatableResponse response = given().contentType("application/octet-stream").body(upload)
                .post("/v1/colorize").then()
                .statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(TYPE + type));
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(redis.number("EXISTS", KEYS.input(Sha256.hex(upload)))).as("stored after a refusal").isZero();
        }
        return response;
    }

    private static byte[] tiff(int width, int height) throws IOException {
        BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                gray.getRaster().setSample(x, y, 0, x * 5 + y);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(ImageIO.write(gray, "tiff", bytes)).isTrue();
        return bytes.toByteArray();
    }

    /** A hand-made TIFF: one Deflate strip of zeros for a width x height gray image (a small file). */
    private static byte[] deflateTiff(int width, int height) {
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[1 << 20]);
        deflater.finish();
        byte[] strip = new byte[4096];
        int length = deflater.deflate(strip);
        deflater.end();
        int entries = 8;
        int ifd = 8;
        int data = ifd + 2 + entries * 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(data + length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd).putShort((short) entries);
        entry(b, 256, 4, width);
        entry(b, 257, 4, height);
        entry(b, 258, 3, 8);
        entry(b, 259, 3, 8);
        entry(b, 262, 3, 1);
        entry(b, 273, 4, data);
        entry(b, 278, 4, height);
        entry(b, 279, 4, length);
        b.putInt(0).put(strip, 0, length);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    /** Sets an IFD0 SHORT or LONG tag of a TIFF from ImageIO (big- or little-endian). */
    private static void patchTiffTag(byte[] tiff, int tag, int value) {
        ByteBuffer b = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = b.getInt(4);
        int entries = b.getShort(ifd) & 0xffff;
        for (int i = 0; i < entries; i++) {
            int at = ifd + 2 + 12 * i;
            if ((b.getShort(at) & 0xffff) == tag) {
                b.putShort(at + 2, (short) 4).putInt(at + 4, 1).putInt(at + 8, value);
                return;
            }
        }
        throw new AssertionError("no tag " + tag);
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** {@code size} zero bytes, Deflate-compressed with a zlib header. */
    private static byte[] zeros(int size) {
        Deflater deflater = new Deflater(9);
        byte[] block = new byte[1 << 20];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int fed = 0; fed < size; fed += block.length) {
            deflater.setInput(block);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static int indexOf(byte[] data, byte first, byte second) {
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == first && data[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PhotoFormatsUploadTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
