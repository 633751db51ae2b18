package io.colorcache.inference.near;

import io.colorcache.inference.pipeline.BgrImage;
import io.colorcache.inference.pipeline.Photo;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What identifies a photo across re-encodes and resizes (issue 18), computed from the decoded
 * photo as displayed, exactly as follows (docs/DESIGN.md, "Near-duplicates"):
 * <ol>
 * <li>gray = 0.299 R + 0.587 G + 0.114 B of each pixel's samples in [0, 1];</li>
 * <li>a {@value #THUMB} x {@value #THUMB} thumbnail by area averaging (each cell the exact mean of
 * the source area it covers, fractional pixels weighted by their covered part);</li>
 * <li>the {@value #HASH_GRID} x {@value #HASH_GRID} image as the mean of each 2 x 2 block of the
 * thumbnail (the same as area averaging to that size);</li>
 * <li>its orthonormal 2-D DCT-II; the 64 coefficients with both frequencies in 1..8 (row-major,
 * vertical frequency first), the DC row and column left out;</li>
 * <li>bit 63 - k of the hash is set when coefficient k is above the median of the 64 (the mean of
 * the 32nd and 33rd smallest).</li>
 * </ol>
 * The thumbnail is kept for verification, standardised (zero mean, unit variance) and stored as
 * signed bytes of 1/32 standard deviation, clipped at +-127/32; a flat photo's is all zeros.
 *
 * @param hash      the 64-bit DCT hash
 * @param aspect    width / height
 * @param thumbnail the standardised {@value #THUMB} x {@value #THUMB} gray thumbnail, row-major
 */
public record PerceptualSignature(long hash, float aspect, byte[] thumbnail) {

    public static final int THUMB = 64;
    public static final int HASH_GRID = 32;
    static final float THUMB_SCALE = 32f;
    private static final double[][] DCT_BASIS = dctBasis();
    /** Each weighted term of the gray of an 8-bit sample value, as {@code 0.299 * unit(v)} and so on. */
    private static final double[] GRAY_R = grayTerms(0.299);
    private static final double[] GRAY_G = grayTerms(0.587);
    private static final double[] GRAY_B = grayTerms(0.114);

    public PerceptualSignature {
        if (thumbnail.length != THUMB * THUMB) {
            throw new IllegalArgumentException("a thumbnail has " + THUMB * THUMB + " samples");
        }
    }

    /** The signature of a decoded photo. */
    public static PerceptualSignature of(Photo photo) {
        double[] thumb = areaAverage(photo, THUMB);
        return new PerceptualSignature(hash(halve(thumb)), (float) photo.width() / photo.height(), standardise(thumb));
    }

    /** Bits in which two hashes differ. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /**
     * Pearson correlation of two standardised thumbnails, in [-1, 1]; 0 when either is flat. The
     * verification's pixel-level measure: a near-duplicate scores close to 1.
     */
    public double correlation(PerceptualSignature other) {
        return correlation(thumbnail, other.thumbnail);
    }

    static double correlation(byte[] a, byte[] b) {
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < a.length; i++) {
            sa += a[i];
            sb += b[i];
        }
        double ma = sa / a.length;
        double mb = sb / b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /**
     * The photo's gray, area-averaged to {@code n} x {@code n}: each row into {@code n} columns
     * (rows in parallel), then the rows into {@code n}.
     */
    static double[] areaAverage(Photo photo, int n) {
        int width = photo.width();
        int height = photo.height();
        double[][] columns = weights(width, n);
        double[][] rows = weights(height, n);
        double[] byRow = new double[height * n];
        byte[] samples = photo instanceof BgrImage eight ? eight.bgr() : null;
        IntStream.range(0, height).parallel().forEach(y -> {
            int p = y * width * 3;
            int row = y * n;
            for (int x = 0; x < width; x++, p += 3) {
                double gray = samples != null
                        ? GRAY_R[samples[p + 2] & 0xff] + GRAY_G[samples[p + 1] & 0xff] + GRAY_B[samples[p] & 0xff]
                        : 0.299 * photo.unit(p + 2) + 0.587 * photo.unit(p + 1) + 0.114 * photo.unit(p);
                double[] w = columns[x];
                for (int j = 0; j + 1 < w.length; j += 2) {
                    byRow[row + (int) w[j]] += gray * w[j + 1];
                }
            }
        });
        double[] out = new double[n * n];
        for (int y = 0; y < height; y++) {
            double[] w = rows[y];
            for (int j = 0; j + 1 < w.length; j += 2) {
                int cell = (int) w[j];
                for (int x = 0; x < n; x++) {
                    out[cell * n + x] += byRow[y * n + x] * w[j + 1];
                }
            }
        }
        return out;
    }

    /**
     * For each source index, the destination cells it falls in and its weight in each (pairs of
     * cell, weight): a cell covers {@code length / n} source pixels and averages them.
     */
    private static double[][] weights(int length, int n) {
        double span = (double) length / n;
        double[][] weights = new double[length][];
        for (int i = 0; i < length; i++) {
            double start = i / span;
            double end = (i + 1) / span;
            int first = (int) Math.floor(start);
            int last = Math.min(n - 1, (int) Math.ceil(end) - 1);
            double[] w = new double[2 * (last - first + 1)];
            for (int cell = first, k = 0; cell <= last; cell++, k += 2) {
                double covered = Math.min(end, cell + 1) - Math.max(start, cell);
                w[k] = cell;
                w[k + 1] = covered;
            }
            weights[i] = w;
        }
        return weights;
    }

    private static double[] grayTerms(double weight) {
        double[] terms = new double[256];
        for (int v = 0; v < 256; v++) {
            terms[v] = weight * (float) (v / 255.0);
        }
        return terms;
    }

    /** Each 2 x 2 block's mean. */
    private static double[] halve(double[] thumb) {
        double[] out = new double[HASH_GRID * HASH_GRID];
        for (int y = 0; y < HASH_GRID; y++) {
            for (int x = 0; x < HASH_GRID; x++) {
                int p = 2 * y * THUMB + 2 * x;
                out[y * HASH_GRID + x] = (thumb[p] + thumb[p + 1] + thumb[p + THUMB] + thumb[p + THUMB + 1]) / 4;
            }
        }
        return out;
    }

    static long hash(double[] grid) {
        double[] coefficients = new double[64];
        double[][] basis = DCT_BASIS;
        for (int v = 1; v <= 8; v++) {
            for (int u = 1; u <= 8; u++) {
                double sum = 0;
                for (int y = 0; y < HASH_GRID; y++) {
                    double row = 0;
                    for (int x = 0; x < HASH_GRID; x++) {
                        row += grid[y * HASH_GRID + x] * basis[u][x];
                    }
                    sum += row * basis[v][y];
                }
                coefficients[(v - 1) * 8 + (u - 1)] = sum;
            }
        }
        double[] sorted = coefficients.clone();
        Arrays.sort(sorted);
        double median = (sorted[31] + sorted[32]) / 2;
        long hash = 0;
        for (int k = 0; k < 64; k++) {
            if (coefficients[k] > median) {
                hash |= 1L << (63 - k);
            }
        }
        return hash;
    }

    /** basis[f][x] = alpha(f) cos((2x + 1) f pi / 2N), orthonormal DCT-II over N = HASH_GRID. */
    private static double[][] dctBasis() {
        double[][] basis = new double[9][HASH_GRID];
        for (int f = 0; f <= 8; f++) {
            double alpha = Math.sqrt((f == 0 ? 1.0 : 2.0) / HASH_GRID);
            for (int x = 0; x < HASH_GRID; x++) {
                basis[f][x] = alpha * Math.cos((2 * x + 1) * f * Math.PI / (2 * HASH_GRID));
            }
        }
        return basis;
    }

    static byte[] standardise(double[] thumb) {
        double mean = 0;
        for (double g : thumb) {
            mean += g;
        }
        mean /= thumb.length;
        double variance = 0;
        for (double g : thumb) {
            variance += (g - mean) * (g - mean);
        }
        double std = Math.sqrt(variance / thumb.length);
        byte[] out = new byte[thumb.length];
        if (std < 1e-6) {
            return out;
        }
        for (int i = 0; i < thumb.length; i++) {
            long q = Math.round((thumb[i] - mean) / std * THUMB_SCALE);
            out[i] = (byte) Math.max(-127, Math.min(127, q));
        }
        return out;
    }
}
