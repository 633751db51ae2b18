package io.colorcache.inference.pipeline;

/**
 * L of CIE Lab from gamma-encoded sRGB in [0,1], as OpenCV's float {@code COLOR_BGR2Lab}
 * computes it, without its loss of precision. OpenCV interpolates L trilinearly between its
 * exact values at 33 x 33 x 33 nodes, but at positions truncated to sixteenths of a cell (steps
 * of 1/512 per channel), which leaves its L up to 0.19 below the exact one, 0.09 on average. Here
 * the same nodes are interpolated at the sample's full precision (a 16-bit photo keeps its
 * steps) along the line through the middle of OpenCV's steps: half a step lower, so the two
 * agree on average and stay within 0.13 of each other.
 */
final class OpenCvLightness {

    private static final int CELLS = 32;
    private static final int NODES = CELLS + 1;
    /** OpenCV's interpolation steps per cell. */
    private static final int STEPS = 16;
    private static final double HALF_STEP = 0.5 / STEPS;

    /** L at node (r, g, b), index {@code (r * 33 + g) * 33 + b}, rounded as OpenCV stores it (14 bits of L / 100). */
    private static final double[] NODE_L = new double[NODES * NODES * NODES];

    static {
        double fixedOne = 1 << 14;
        for (int r = 0; r < NODES; r++) {
            for (int g = 0; g < NODES; g++) {
                for (int b = 0; b < NODES; b++) {
                    double y = CieLab.luminance(CieLab.srgbToLinear((double) r / CELLS),
                            CieLab.srgbToLinear((double) g / CELLS), CieLab.srgbToLinear((double) b / CELLS));
                    double l = Math.rint(fixedOne * CieLab.lightnessOfLuminance(y) / 100) / fixedOne * 100;
                    NODE_L[(r * NODES + g) * NODES + b] = l;
                }
            }
        }
    }

    /** For each 8-bit sample value v: the cell {@link #of} finds for v / 255, and the weight within it. */
    private static final int[] CELL8 = new int[256];
    private static final double[] WEIGHT8 = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            double cells = position((float) (v / 255.0));
            CELL8[v] = Math.min((int) cells, CELLS - 1);
            WEIGHT8[v] = cells - CELL8[v];
        }
    }

    private OpenCvLightness() {
    }

    /**
     * {@link #of} of the 256 gray levels of an 8-bit photo (r = g = b = v / 255): the same values,
     * without the interpolation, for the pixels of a black-and-white photo.
     */
    static final float[] GRAY8 = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            float unit = (float) (v / 255.0);
            GRAY8[v] = of(unit, unit, unit);
        }
    }

    /** L in [0,100] of the colour (r, g, b), each gamma-encoded in [0,1]. */
    static float of(float r, float g, float b) {
        double pr = position(r);
        double pg = position(g);
        double pb = position(b);
        int r0 = Math.min((int) pr, CELLS - 1);
        int g0 = Math.min((int) pg, CELLS - 1);
        int b0 = Math.min((int) pb, CELLS - 1);
        return interpolate((r0 * NODES + g0) * NODES + b0, pr - r0, pg - g0, pb - b0);
    }

    /** {@link #of} of an 8-bit pixel's samples (0..255): the same value, its cells and weights read from tables. */
    static float of8(int r, int g, int b) {
        return interpolate((CELL8[r] * NODES + CELL8[g]) * NODES + CELL8[b], WEIGHT8[r], WEIGHT8[g], WEIGHT8[b]);
    }

    /** Trilinear between the eight nodes of the cell whose first node is {@code at}. */
    private static float interpolate(int at, double wr, double wg, double wb) {
        double low = (1 - wg) * mix(at, wb) + wg * mix(at + NODES, wb);
        double high = (1 - wg) * mix(at + NODES * NODES, wb) + wg * mix(at + NODES * NODES + NODES, wb);
        return (float) ((1 - wr) * low + wr * high);
    }

    /** Between node {@code at} and the next one along b. */
    private static double mix(int at, double wb) {
        return NODE_L[at] + wb * (NODE_L[at + 1] - NODE_L[at]);
    }

    /** The channel's position in cells, half an OpenCV step lower, clipped to [0, 32]. */
    private static double position(float unit) {
        double cells = (unit > 1 ? 1 : unit) * CELLS - HALF_STEP;
        return cells > 0 ? cells : 0;
    }
}
