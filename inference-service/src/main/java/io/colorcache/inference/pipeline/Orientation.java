package io.colorcache.inference.pipeline;

/**
 * Turns a decoded image as stored into the image as displayed, for each EXIF orientation: 2 to
 * 4 mirror or turn it half way, 5 to 8 swap its width and height.
 */
final class Orientation {

    private Orientation() {
    }

    /** {@code image} itself for orientation 1 (or an unknown value), else a new image. */
    static BgrImage apply(BgrImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swaps = orientation >= 5;
        BgrImage out = BgrImage.blank(swaps ? h : w, swaps ? w : h);
        byte[] src = image.bgr();
        byte[] dst = out.bgr();
        int outWidth = out.width();
        for (int dy = 0; dy < out.height(); dy++) {
            for (int dx = 0; dx < outWidth; dx++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - dx; sy = dy; }
                    case 3 -> { sx = w - 1 - dx; sy = h - 1 - dy; }
                    case 4 -> { sx = dx; sy = h - 1 - dy; }
                    case 5 -> { sx = dy; sy = dx; }
                    case 6 -> { sx = dy; sy = h - 1 - dx; }
                    case 7 -> { sx = w - 1 - dy; sy = h - 1 - dx; }
                    default -> { sx = w - 1 - dy; sy = dx; }
                }
                int s = (sy * w + sx) * 3;
                int d = (dy * outWidth + dx) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return out;
    }
}
