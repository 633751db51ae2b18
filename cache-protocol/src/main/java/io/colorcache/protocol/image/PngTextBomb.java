package io.colorcache.protocol.image;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG's compressed ancillary chunks (an ICC profile, compressed text) must inflate to a few
 * megabytes at most: a decoder inflates them whole, and a kilobyte of Deflate can hold a
 * gigabyte of zeros. The pixel data (IDAT) needs no such check: it is bounded by the size the
 * header declares, which decoders stop at.
 */
final class PngTextBomb {

    /** Largest inflated iCCP, zTXt or iTXt chunk (ICC profiles are rarely above 1 MB). */
    static final int MAX_INFLATED = 4 * 1024 * 1024;

    private PngTextBomb() {
    }

    static void check(String type, byte[] d, int start, int end) throws InvalidImageException {
        int keywordEnd = indexOfZero(d, start, end);
        if (keywordEnd < 0) {
            throw ImageInspector.corrupt("PNG " + type + " chunk has no keyword");
        }
        int compressed;
        if (type.equals("iTXt")) {
            if (keywordEnd + 3 > end) {
                throw ImageInspector.corrupt("PNG iTXt chunk is truncated");
            }
            if (d[keywordEnd + 1] == 0) {
                return; // uncompressed text
            }
            int language = indexOfZero(d, keywordEnd + 3, end);
            int translated = language < 0 ? -1 : indexOfZero(d, language + 1, end);
            if (translated < 0) {
                throw ImageInspector.corrupt("PNG iTXt chunk is truncated");
            }
            compressed = translated + 1;
        } else {
            compressed = keywordEnd + 2; // the compression method byte follows the keyword's zero
        }
        if (compressed > end) {
            throw ImageInspector.corrupt("PNG " + type + " chunk is truncated");
        }
        inflateWithin(type, d, compressed, end);
    }

    private static void inflateWithin(String type, byte[] d, int from, int to) throws InvalidImageException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(d, from, to - from);
            byte[] sink = new byte[64 * 1024];
            long total = 0;
            while (!inflater.finished()) {
                int n = inflater.inflate(sink);
                total += n;
                if (total > MAX_INFLATED) {
                    throw ImageInspector.corrupt("PNG " + type + " chunk inflates to more than " + MAX_INFLATED
                            + " bytes (a decompression bomb)");
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw ImageInspector.corrupt("PNG " + type + " chunk's compressed data is truncated");
                }
            }
        } catch (DataFormatException e) {
            throw ImageInspector.corrupt("PNG " + type + " chunk's compressed data is corrupt");
        } finally {
            inflater.end();
        }
    }

    private static int indexOfZero(byte[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
