package io.colorcache.protocol.image;

import static io.colorcache.protocol.image.ImageInspector.corrupt;
import static io.colorcache.protocol.image.ImageInspector.unsupported;

import io.colorcache.protocol.ImageFormat;
import java.util.Set;

/**
 * A TIFF's first IFD, read as the worker's decoder will read it: the only page that is
 * colorized (a multi-page file gives its first page). Every value the IFD points at, and every
 * strip or tile, must lie inside the file; the layout must be one the worker decodes.
 */
final class TiffStructure {

    private static final int WIDTH = 256;
    private static final int HEIGHT = 257;
    private static final int BITS_PER_SAMPLE = 258;
    private static final int COMPRESSION = 259;
    private static final int PHOTOMETRIC = 262;
    private static final int STRIP_OFFSETS = 273;
    private static final int SAMPLES_PER_PIXEL = 277;
    private static final int STRIP_BYTE_COUNTS = 279;
    private static final int PLANAR_CONFIGURATION = 284;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int MAX_ENTRIES = 4096;
    private static final Set<Integer> READ = Set.of(WIDTH, HEIGHT, BITS_PER_SAMPLE, COMPRESSION, PHOTOMETRIC,
            STRIP_OFFSETS, SAMPLES_PER_PIXEL, STRIP_BYTE_COUNTS, PLANAR_CONFIGURATION, TILE_OFFSETS, TILE_BYTE_COUNTS);
    /** None, LZW, Deflate (Adobe and old), PackBits. */
    private static final Set<Integer> COMPRESSIONS = Set.of(1, 5, 8, 32946, 32773);
    /** WhiteIsZero, BlackIsZero, RGB, palette. */
    private static final Set<Integer> PHOTOMETRICS = Set.of(0, 1, 2, 3);

    private final byte[] d;
    private final boolean little;

    private TiffStructure(byte[] d) {
        this.d = d;
        this.little = d[0] == 'I';
    }

    static ImageInfo inspect(byte[] d) throws InvalidImageException {
        if (d.length < 8) {
            throw corrupt("TIFF is truncated inside its header");
        }
        return new TiffStructure(d).firstPage();
    }

    private ImageInfo firstPage() throws InvalidImageException {
        if (u16(2) == 43) {
            throw unsupported("BigTIFF is not supported; save the scan as a classic TIFF");
        }
        long ifd = u32(4);
        if (ifd < 8 || ifd + 2 > d.length) {
            throw corrupt("TIFF's first IFD offset points past the end of the file");
        }
        int entries = u16((int) ifd);
        if (entries == 0 || entries > MAX_ENTRIES || ifd + 2 + 12L * entries > d.length) {
            throw corrupt("TIFF's first IFD is malformed or runs past the end of the file");
        }
        long width = 0;
        long height = 0;
        int[] bits = {1};
        int compression = 1;
        int photometric = -1;
        int samples = 1;
        int planar = 1;
        long[] offsets = null;
        long[] counts = null;
        boolean tiled = false;
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            int tag = u16(entry);
            long[] values = values(entry, READ.contains(tag));
            switch (tag) {
                case WIDTH -> width = first(values);
                case HEIGHT -> height = first(values);
                case BITS_PER_SAMPLE -> bits = ints(values);
                case COMPRESSION -> compression = (int) first(values);
                case PHOTOMETRIC -> photometric = (int) first(values);
                case SAMPLES_PER_PIXEL -> samples = (int) first(values);
                case PLANAR_CONFIGURATION -> planar = (int) first(values);
                case STRIP_OFFSETS, TILE_OFFSETS -> {
                    offsets = values;
                    tiled |= tag == TILE_OFFSETS;
                }
                case STRIP_BYTE_COUNTS, TILE_BYTE_COUNTS -> counts = values;
                default -> {
                    // Other tags are read by the decoder or not at all; their values were bounds-checked.
                }
            }
        }
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw corrupt("TIFF has no width and height, or a zero one");
        }
        if (!COMPRESSIONS.contains(compression)) {
            throw unsupported("TIFF compression " + compression
                    + " is not supported; use none, LZW, Deflate or PackBits");
        }
        if (photometric >= 0 && !PHOTOMETRICS.contains(photometric)) {
            throw unsupported("TIFF photometric interpretation " + photometric
                    + " is not supported; send gray, RGB or palette (not CMYK, YCbCr or Lab)");
        }
        for (int depth : bits) {
            if (depth != 1 && depth != 8 && depth != 16) {
                throw unsupported("TIFF with " + depth + " bits per sample is not supported; use 8 or 16");
            }
        }
        if (samples < 1 || samples > 4) {
            throw unsupported("TIFF with " + samples + " samples per pixel is not supported");
        }
        if (offsets == null || counts == null || offsets.length != counts.length || offsets.length == 0) {
            throw corrupt("TIFF has no " + (tiled ? "tile" : "strip") + " offsets and byte counts that match");
        }
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] + counts[i] > d.length) {
                throw corrupt("TIFF " + (tiled ? "tile " : "strip ") + i + " lies past the end of the file");
            }
        }
        if (planar != 1 && planar != 2) {
            throw corrupt("TIFF planar configuration " + planar + " is invalid");
        }
        return new ImageInfo(ImageFormat.TIFF, (int) width, (int) height,
                java.util.Arrays.stream(bits).max().orElse(8));
    }

    /**
     * The values of an IFD entry, which must lie inside the file; read ({@code read}) only for
     * the tags checked here, and only of integer types.
     */
    private long[] values(int entry, boolean read) throws InvalidImageException {
        int type = u16(entry + 2);
        long count = u32(entry + 4);
        int size = switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12 -> 8;
            default -> 0;
        };
        long bytes = count * size;
        int at = entry + 8;
        if (bytes > 4) {
            long offset = u32(entry + 8);
            if (offset + bytes > d.length) {
                throw corrupt("TIFF tag " + u16(entry) + " points past the end of the file");
            }
            at = (int) offset;
        }
        if (!read || (type != 3 && type != 4)) {
            return new long[0];
        }
        long[] values = new long[(int) count];
        for (int i = 0; i < count; i++) {
            values[i] = type == 3 ? u16(at + 2 * i) : u32(at + 4 * i);
        }
        return values;
    }

    private static long first(long[] values) throws InvalidImageException {
        if (values.length == 0) {
            throw corrupt("TIFF has a required tag without a value");
        }
        return values[0];
    }

    private static int[] ints(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) Math.min(values[i], Integer.MAX_VALUE);
        }
        return out;
    }

    private int u16(int pos) {
        return little ? (d[pos] & 0xff) | ((d[pos + 1] & 0xff) << 8) : ((d[pos] & 0xff) << 8) | (d[pos + 1] & 0xff);
    }

    private long u32(int pos) {
        long b0 = d[pos] & 0xff;
        long b1 = d[pos + 1] & 0xff;
        long b2 = d[pos + 2] & 0xff;
        long b3 = d[pos + 3] & 0xff;
        return little ? b0 | b1 << 8 | b2 << 16 | b3 << 24 : b3 | b2 << 8 | b1 << 16 | b0 << 24;
    }
}
