package io.colorcache.inference.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation (tag 274) of an upload, found where each format keeps it: a JPEG's APP1
 * {@code Exif} segment, a PNG's {@code eXIf} chunk, a TIFF's first IFD, a WebP's {@code EXIF}
 * chunk. 1 (as stored) when there is none or it cannot be read: orientation never fails a job.
 */
public final class ExifOrientation {

    static final int NORMAL = 1;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int MAX_ENTRIES = 1000;

    private ExifOrientation() {
    }

    /** 1 to 8, as EXIF defines them. */
    public static int of(byte[] data) {
        try {
            int value = find(data);
            return value >= 1 && value <= 8 ? value : NORMAL;
        } catch (RuntimeException malformed) {
            return NORMAL;
        }
    }

    private static int find(byte[] d) {
        if (d.length > 4 && (d[0] & 0xff) == 0xFF && (d[1] & 0xff) == 0xD8) {
            return jpeg(d);
        }
        if (d.length > 8 && (d[0] & 0xff) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') {
            return png(d);
        }
        if (d.length > 8 && ((d[0] == 'I' && d[1] == 'I') || (d[0] == 'M' && d[1] == 'M'))) {
            return tiff(d, 0, d.length);
        }
        if (d.length > 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F' && d[8] == 'W') {
            return webp(d);
        }
        return NORMAL;
    }

    private static int jpeg(byte[] d) {
        int pos = 2;
        while (pos + 4 <= d.length && (d[pos] & 0xff) == 0xFF) {
            int marker = d[pos + 1] & 0xff;
            if (marker == 0xDA || marker == 0xD9) {
                return NORMAL;
            }
            int length = u16be(d, pos + 2);
            int body = pos + 4;
            if (marker == 0xE1 && length >= 8 && body + 6 <= d.length
                    && new String(d, body, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                return tiff(d, body + 6, Math.min(d.length, pos + 2 + length));
            }
            pos += 2 + length;
        }
        return NORMAL;
    }

    private static int png(byte[] d) {
        int pos = 8;
        while (pos + 12 <= d.length) {
            long length = u32be(d, pos);
            String type = new String(d, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > d.length - pos - 12) {
                return NORMAL;
            }
            if (type.equals("eXIf")) {
                return tiff(d, pos + 8, pos + 8 + (int) length);
            }
            if (type.equals("IDAT") || type.equals("IEND")) {
                return NORMAL; // eXIf must come before the image data
            }
            pos += 12 + (int) length;
        }
        return NORMAL;
    }

    private static int webp(byte[] d) {
        int pos = 12;
        while (pos + 8 <= d.length) {
            String type = new String(d, pos, 4, StandardCharsets.ISO_8859_1);
            long length = u32le(d, pos + 4);
            if (length > d.length - pos - 8) {
                return NORMAL;
            }
            if (type.equals("EXIF")) {
                int start = pos + 8;
                // Some writers keep JPEG's "Exif\0\0" prefix in the chunk.
                if (length >= 6 && new String(d, start, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                    start += 6;
                }
                return tiff(d, start, pos + 8 + (int) length);
            }
            pos += 8 + (int) ((length + 1) & ~1L);
        }
        return NORMAL;
    }

    /** Tag 274 of IFD0 of the TIFF structure in {@code d[start, end)}. */
    private static int tiff(byte[] d, int start, int end) {
        if (end - start < 8) {
            return NORMAL;
        }
        boolean little = d[start] == 'I';
        long ifd = u32(d, start + 4, little);
        if (ifd < 8 || ifd > end - start - 2) {
            return NORMAL;
        }
        int at = start + (int) ifd;
        int entries = u16(d, at, little);
        for (int i = 0; i < Math.min(entries, MAX_ENTRIES); i++) {
            int entry = at + 2 + i * 12;
            if (entry + 12 > end) {
                return NORMAL;
            }
            if (u16(d, entry, little) == TAG_ORIENTATION) {
                int type = u16(d, entry + 2, little);
                return type == 3 ? u16(d, entry + 8, little) : type == 4 ? (int) u32(d, entry + 8, little) : NORMAL;
            }
        }
        return NORMAL;
    }

    private static int u16(byte[] d, int pos, boolean little) {
        return little ? (d[pos] & 0xff) | ((d[pos + 1] & 0xff) << 8) : u16be(d, pos);
    }

    private static long u32(byte[] d, int pos, boolean little) {
        return little ? u32le(d, pos) : u32be(d, pos);
    }

    private static int u16be(byte[] d, int pos) {
        return ((d[pos] & 0xff) << 8) | (d[pos + 1] & 0xff);
    }

    private static long u32be(byte[] d, int pos) {
        return ((long) (d[pos] & 0xff) << 24) | ((d[pos + 1] & 0xff) << 16) | ((d[pos + 2] & 0xff) << 8)
                | (d[pos + 3] & 0xff);
    }

    private static long u32le(byte[] d, int pos) {
        return (d[pos] & 0xff) | ((d[pos + 1] & 0xff) << 8) | ((d[pos + 2] & 0xff) << 16)
                | ((long) (d[pos + 3] & 0xff) << 24);
    }
}
