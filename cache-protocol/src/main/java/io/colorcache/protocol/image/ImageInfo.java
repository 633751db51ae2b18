package io.colorcache.protocol.image;

import io.colorcache.protocol.ImageFormat;

/**
 * What is known of an upload without decoding its pixels.
 *
 * @param bitsPerSample the deepest sample of the file (16 for 16-bit PNG and TIFF, else 8 or less)
 */
public record ImageInfo(ImageFormat format, int width, int height, int bitsPerSample) {

    public ImageInfo(ImageFormat format, int width, int height) {
        this(format, width, height, 8);
    }

    public long pixels() {
        return (long) width * height;
    }
}
