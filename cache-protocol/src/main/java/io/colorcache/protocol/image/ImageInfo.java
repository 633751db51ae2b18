package io.colorcache.protocol.image;

import io.colorcache.protocol.ImageFormat;

/** What the gateway knows of an upload without decoding its pixels. */
public record ImageInfo(ImageFormat format, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }
}
