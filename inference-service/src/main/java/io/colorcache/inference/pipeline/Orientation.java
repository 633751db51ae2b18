package io.colorcache.inference.pipeline;

/**
 * Turns a decoded image as stored into the image as displayed, for each EXIF orientation: 2 to
 * 4 mirror or turn it half way, 5 to 8 swap its width and height.
 */
final class Orientation {

    private Orientation() {
    }

    /** {@code photo} itself for orientation 1 (or an unknown value), else a new photo. */
    static Photo apply(Photo photo, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return photo;
        }
        int w = photo.width();
        int h = photo.height();
        boolean swaps = orientation >= 5;
        int outWidth = swaps ? h : w;
        int outHeight = swaps ? w : h;
        Object src;
        Object dst;
        Photo out;
        if (photo instanceof Bgr16Image sixteen) {
            Bgr16Image turned = Bgr16Image.blank(outWidth, outHeight);
            src = sixteen.bgr();
            dst = turned.bgr();
            out = turned;
        } else {
            BgrImage turned = BgrImage.blank(outWidth, outHeight);
            src = ((BgrImage) photo).bgr();
            dst = turned.bgr();
            out = turned;
        }
        for (int dy = 0; dy < outHeight; dy++) {
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
                System.arraycopy(src, (sy * w + sx) * 3, dst, (dy * outWidth + dx) * 3, 3);
            }
        }
        return out;
    }
}
