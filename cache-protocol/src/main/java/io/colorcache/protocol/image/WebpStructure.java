package io.colorcache.protocol.image;

import static io.colorcache.protocol.image.ImageInspector.corrupt;
import static io.colorcache.protocol.image.ImageInspector.unsupported;

import io.colorcache.protocol.ImageFormat;
import java.nio.charset.StandardCharsets;

/**
 * A WebP's RIFF container: every chunk inside the file, and the frame's size from its header,
 * lossy ({@code VP8 }), lossless ({@code VP8L}) or extended ({@code VP8X}, whose canvas size
 * counts). Animated WebP is refused: a photo has one frame.
 */
final class WebpStructure {

    private WebpStructure() {
    }

    static ImageInfo inspect(byte[] d) throws InvalidImageException {
        if (d.length < 20) {
            throw corrupt("WebP is truncated inside its header");
        }
        long riffEnd = 8 + u32(d, 4);
        if (riffEnd > d.length) {
            throw corrupt("WebP is truncated: its RIFF size is past the end of the file");
        }
        int width = -1;
        int height = -1;
        boolean frame = false;
        int pos = 12;
        while (pos + 8 <= riffEnd) {
            String type = new String(d, pos, 4, StandardCharsets.ISO_8859_1);
            long size = u32(d, pos + 4);
            int body = pos + 8;
            if (body + size > riffEnd) {
                throw corrupt("WebP is truncated inside its " + type.trim() + " chunk");
            }
            switch (type) {
                case "VP8X" -> {
                    if (size < 10) {
                        throw corrupt("WebP VP8X chunk is too short");
                    }
                    if ((d[body] & 0x02) != 0) {
                        throw unsupported("animated WebP is not supported; send one frame");
                    }
                    width = 1 + u24(d, body + 4);
                    height = 1 + u24(d, body + 7);
                }
                case "VP8 " -> {
                    if (size < 10 || (d[body + 3] & 0xff) != 0x9d || (d[body + 4] & 0xff) != 0x01
                            || (d[body + 5] & 0xff) != 0x2a) {
                        throw corrupt("WebP lossy frame header is malformed");
                    }
                    frame = true;
                    if (width < 0) {
                        width = u16(d, body + 6) & 0x3fff;
                        height = u16(d, body + 8) & 0x3fff;
                    }
                }
                case "VP8L" -> {
                    if (size < 5 || (d[body] & 0xff) != 0x2f) {
                        throw corrupt("WebP lossless frame header is malformed");
                    }
                    frame = true;
                    if (width < 0) {
                        long bits = u32(d, body + 1);
                        width = 1 + (int) (bits & 0x3fff);
                        height = 1 + (int) ((bits >> 14) & 0x3fff);
                    }
                }
                case "ANIM", "ANMF" -> throw unsupported("animated WebP is not supported; send one frame");
                default -> {
                    // ICCP, EXIF, XMP, ALPH: read by the decoder.
                }
            }
            pos = body + (int) ((size + 1) & ~1L);
        }
        if (!frame) {
            throw corrupt("WebP has no image frame");
        }
        if (width <= 0 || height <= 0) {
            throw corrupt("WebP has zero width or height");
        }
        return new ImageInfo(ImageFormat.WEBP, width, height);
    }

    private static int u16(byte[] d, int pos) {
        return (d[pos] & 0xff) | ((d[pos + 1] & 0xff) << 8);
    }

    private static int u24(byte[] d, int pos) {
        return u16(d, pos) | ((d[pos + 2] & 0xff) << 16);
    }

    private static long u32(byte[] d, int pos) {
        return (d[pos] & 0xff) | ((d[pos + 1] & 0xff) << 8) | ((d[pos + 2] & 0xff) << 16)
                | ((long) (d[pos + 3] & 0xff) << 24);
    }
}
