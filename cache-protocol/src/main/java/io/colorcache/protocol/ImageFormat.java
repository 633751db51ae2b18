package io.colorcache.protocol;

import java.util.Optional;

/** Image formats recognised by their magic bytes; uploads are accepted as JPEG, PNG, TIFF or WebP. */
public enum ImageFormat {
    JPEG,
    PNG,
    GIF,
    BMP,
    TIFF,
    WEBP;

    /** The output encoding a client gets when it states no preference. */
    public OutputFormat defaultOutput() {
        return this == JPEG ? OutputFormat.JPEG : OutputFormat.PNG;
    }

    public static Optional<ImageFormat> sniff(byte[] data) {
        if (startsWith(data, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, 'G', 'I', 'F', '8')) {
            return Optional.of(GIF);
        }
        if (startsWith(data, 'B', 'M')) {
            return Optional.of(BMP);
        }
        if (startsWith(data, 'I', 'I', 42, 0) || startsWith(data, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        if (startsWith(data, 'R', 'I', 'F', 'F') && data.length >= 12
                && data[8] == 'W' && data[9] == 'E' && data[10] == 'B' && data[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int... magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
