package io.colorcache.protocol.image;

import io.colorcache.protocol.ImageFormat;
import io.colorcache.protocol.image.InvalidImageException.Reason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Checks an upload's structure and reads its dimensions from the header, without decoding the
 * raster: JPEG markers up to the end-of-image marker (frame type, precision and the number of
 * scans), PNG chunks with their CRCs up to IEND, a TIFF's first IFD (every value, strip and tile
 * inside the file; compression, samples and depth the worker decodes), a WebP's RIFF chunks and
 * frame header. A truncated or corrupt file is caught here; damage inside compressed pixel data
 * is left to the worker's decoder.
 */
public final class ImageInspector {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /**
     * Most scans a JPEG may have. A progressive photo has about ten; thousands of tiny scans
     * make a small file cost minutes of decoding (the worker's TurboJPEG limits them too).
     */
    public static final int MAX_JPEG_SCANS = 256;

    private final long maxPixels;

    public ImageInspector(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public ImageInfo inspect(byte[] data) throws InvalidImageException {
        ImageFormat format = ImageFormat.sniff(data).orElseThrow(() -> new InvalidImageException(
                Reason.UNSUPPORTED_FORMAT, "not a JPEG, PNG, TIFF or WebP image (unrecognised signature)"));
        ImageInfo info = switch (format) {
            case JPEG -> jpeg(data);
            case PNG -> png(data);
            case TIFF -> TiffStructure.inspect(data);
            case WEBP -> WebpStructure.inspect(data);
            default -> throw new InvalidImageException(Reason.UNSUPPORTED_FORMAT,
                    format.name() + " images are not supported; send JPEG, PNG, TIFF or WebP");
        };
        if (info.pixels() > maxPixels) {
            throw new InvalidImageException(Reason.TOO_MANY_PIXELS, "the image is " + info.width() + "x"
                    + info.height() + " = " + info.pixels() + " pixels, more than the limit of " + maxPixels);
        }
        return info;
    }

    private static ImageInfo png(byte[] d) throws InvalidImageException {
        int pos = 8;
        int width = -1;
        int height = -1;
        int depth = 8;
        boolean sawData = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (pos + 12 > d.length) {
                throw corrupt("PNG is truncated: it ends before its IEND chunk");
            }
            long length = u32(d, pos);
            String type = new String(d, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > d.length - pos - 12) {
                throw corrupt("PNG is truncated inside its " + type + " chunk");
            }
            int dataStart = pos + 8;
            int dataEnd = dataStart + (int) length;
            crc.reset();
            crc.update(d, pos + 4, 4 + (int) length);
            if (crc.getValue() != u32(d, dataEnd)) {
                throw corrupt("PNG chunk " + type + " fails its CRC check");
            }
            if (pos == 8) {
                if (!type.equals("IHDR") || length != 13) {
                    throw corrupt("PNG does not start with an IHDR chunk");
                }
                width = (int) Math.min(u32(d, dataStart), Integer.MAX_VALUE);
                height = (int) Math.min(u32(d, dataStart + 4), Integer.MAX_VALUE);
                depth = d[dataStart + 8] & 0xff;
                if (width == 0 || height == 0) {
                    throw corrupt("PNG has zero width or height");
                }
            } else if (type.equals("IDAT")) {
                sawData = true;
            } else if (type.equals("iCCP") || type.equals("zTXt") || type.equals("iTXt")) {
                PngTextBomb.check(type, d, dataStart, dataEnd);
            } else if (type.equals("IEND")) {
                if (!sawData) {
                    throw corrupt("PNG has no image data (IDAT)");
                }
                return new ImageInfo(ImageFormat.PNG, width, height, depth);
            }
            pos = dataEnd + 4;
        }
    }

    private static ImageInfo jpeg(byte[] d) throws InvalidImageException {
        int pos = 2;
        int width = -1;
        int height = -1;
        int scans = 0;
        while (true) {
            if (pos >= d.length) {
                throw corrupt("JPEG is truncated: it ends before its end-of-image marker");
            }
            if ((d[pos] & 0xff) != 0xFF) {
                throw corrupt("JPEG has garbage where a marker was expected (offset " + pos + ")");
            }
            while (pos < d.length && (d[pos] & 0xff) == 0xFF) {
                pos++;
            }
            if (pos >= d.length) {
                throw corrupt("JPEG is truncated inside a marker");
            }
            int marker = d[pos++] & 0xff;
            if (marker == 0xD9) {
                if (width < 0) {
                    throw corrupt("JPEG ends before any frame header");
                }
                throw corrupt("JPEG ends before any scan data");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (pos + 2 > d.length) {
                throw corrupt("JPEG is truncated inside a segment header");
            }
            int length = u16(d, pos);
            if (length < 2 || pos + length > d.length) {
                throw corrupt("JPEG is truncated inside a segment (marker 0x" + Integer.toHexString(marker) + ")");
            }
            if (isFrameHeader(marker)) {
                if (length < 8) {
                    throw corrupt("JPEG frame header is too short");
                }
                refuseUnsupportedFrame(marker, d[pos + 2] & 0xff);
                height = u16(d, pos + 3);
                width = u16(d, pos + 5);
                if (width == 0 || height == 0) {
                    throw corrupt("JPEG frame has zero width or height");
                }
            }
            pos += length;
            if (marker == 0xDA) {
                if (width < 0) {
                    throw corrupt("JPEG scan comes before its frame header");
                }
                if (++scans > MAX_JPEG_SCANS) {
                    throw corrupt("JPEG has more than " + MAX_JPEG_SCANS + " scans");
                }
                int next = skipEntropyCodedData(d, pos);
                if (next < 0) {
                    throw corrupt("JPEG is truncated: it ends before its end-of-image marker");
                }
                if ((d[next + 1] & 0xff) == 0xD9) {
                    return new ImageInfo(ImageFormat.JPEG, width, height);
                }
                pos = next;
            }
        }
    }

    /**
     * Index of the next marker's 0xFF after entropy-coded data, or -1 if the data runs to the end.
     * Eight bytes at a time: most words of entropy-coded data hold no 0xFF at all.
     */
    private static int skipEntropyCodedData(byte[] d, int pos) {
        int last = d.length - 1;
        int i = pos;
        while (i + 8 <= last) {
            long inverted = ~(long) LONGS.get(d, i);
            if (((inverted - ONES) & ~inverted & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            for (int stop = i + 8; i < stop; i++) {
                if (d[i] == (byte) 0xFF && endsEntropyCodedData(d[i + 1] & 0xff)) {
                    return i;
                }
            }
        }
        for (; i < last; i++) {
            if (d[i] == (byte) 0xFF && endsEntropyCodedData(d[i + 1] & 0xff)) {
                return i;
            }
        }
        return -1;
    }

    /** After 0xFF inside a scan: a stuffed zero, fill, or restart marker continues it; anything else ends it. */
    private static boolean endsEntropyCodedData(int next) {
        return next != 0x00 && next != 0xFF && !(next >= 0xD0 && next <= 0xD7);
    }

    /**
     * Baseline, extended and progressive Huffman-coded 8-bit JPEGs are decoded; lossless,
     * hierarchical, arithmetic-coded and 12-bit ones are refused here with a clear 415.
     */
    private static void refuseUnsupportedFrame(int marker, int precision) throws InvalidImageException {
        if (marker == 0xC3 || (marker >= 0xC5 && marker <= 0xC7) || marker == 0xCB || marker >= 0xCD) {
            throw unsupported("lossless or hierarchical JPEG (SOF 0x" + Integer.toHexString(marker) + ") is not supported");
        }
        if (marker >= 0xC9) {
            throw unsupported("arithmetic-coded JPEG is not supported; re-save it with Huffman coding");
        }
        if (precision != 8) {
            throw unsupported(precision + "-bit JPEG is not supported; send an 8-bit JPEG, or a 16-bit PNG or TIFF");
        }
    }

    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int u16(byte[] d, int pos) {
        return ((d[pos] & 0xff) << 8) | (d[pos + 1] & 0xff);
    }

    private static long u32(byte[] d, int pos) {
        return ((long) (d[pos] & 0xff) << 24) | ((d[pos + 1] & 0xff) << 16) | ((d[pos + 2] & 0xff) << 8)
                | (d[pos + 3] & 0xff);
    }

    static InvalidImageException unsupported(String message) {
        return new InvalidImageException(Reason.UNSUPPORTED_FORMAT, message);
    }

    static InvalidImageException corrupt(String message) {
        return new InvalidImageException(Reason.CORRUPT, message);
    }
}
