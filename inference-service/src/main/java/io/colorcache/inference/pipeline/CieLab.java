package io.colorcache.inference.pipeline;

/**
 * The parts of sRGB/CIE Lab conversion DDColor needs, in OpenCV's float convention
 * ({@code cv::COLOR_RGB2Lab} on float input): RGB in [0,1] with the sRGB transfer curve, D65
 * white (0.950456, 1, 1.088754), L in [0,100]. The methods compute in double precision with
 * OpenCV's constants; {@link #toRgbFast} reads the transfer curve from an interpolated table.
 * L of a photo is {@link OpenCvLightness}, built from {@link #lightnessOfLuminance}.
 */
public final class CieLab {

    private static final double XN = 0.950456;
    private static final double ZN = 1.088754;

    // The Y row of sRGB -> XYZ (D65): DDColor only needs L from an RGB image, and L depends on Y alone.
    private static final double RY = 0.212671;
    private static final double GY = 0.715160;
    private static final double BY = 0.072169;

    // XYZ -> sRGB (D65), columns already multiplied by the white point.
    private static final double XR = 3.240479 * XN;
    private static final double YR = -1.53715;
    private static final double ZR = -0.498535 * ZN;
    private static final double XG = -0.969256 * XN;
    private static final double YG = 1.875991;
    private static final double ZG = 0.041556 * ZN;
    private static final double XB = 0.055648 * XN;
    private static final double YB = -0.204043;
    private static final double ZB = 1.057311 * ZN;

    private static final double T_THRESHOLD = 0.008856;
    private static final double KAPPA = 903.3;
    private static final double SLOPE = 7.787;
    private static final double OFFSET = 16.0 / 116.0;
    private static final double L_THRESHOLD = 8.0;
    private static final double F_THRESHOLD = 6.0 / 29.0;

    private static final double INV_KAPPA = 1 / KAPPA;
    private static final double INV_SLOPE = 1 / SLOPE;
    private static final double INV_116 = 1.0 / 116;
    private static final double INV_500 = 1.0 / 500;
    private static final double INV_200 = 1.0 / 200;
    private static final int TABLE_INTERVALS = 8192;
    private static final CurveTable ENCODE = new CurveTable(TABLE_INTERVALS, CieLab::linearToSrgb);
    private static final int ENCODE8_STEPS = 1 << 16;
    private static final byte[] ENCODE8 = encode8Table();

    private CieLab() {
    }

    /** The luminance Y of linear-light RGB (white = 1). */
    public static double luminance(double r, double g, double b) {
        return RY * r + GY * g + BY * b;
    }

    /** L of Lab from luminance, exactly. */
    public static double lightnessOfLuminance(double y) {
        return y > T_THRESHOLD ? 116 * Math.cbrt(y) - 16 : KAPPA * y;
    }

    /** {@link #toRgb} with the transfer curve read from a table. */
    public static void toRgbFast(double l, double a, double b, double[] out, int offset) {
        toRgb(l, a, b, out, offset, true);
    }

    /** The sRGB transfer curve, decoding: gamma-encoded [0,1] to linear light. */
    public static double srgbToLinear(double v) {
        double c = v < 0 ? 0 : Math.min(v, 1);
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** The sRGB transfer curve, encoding: linear light to gamma-encoded [0,1]; clips first. */
    public static double linearToSrgb(double v) {
        double c = v < 0 ? 0 : Math.min(v, 1);
        return c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
    }

    /**
     * Gamma-encoded RGB in [0,1] from Lab, written to {@code out[offset..offset+2]} in R, G, B
     * order. Out-of-gamut values are clipped before the transfer curve, as OpenCV does.
     */
    public static void toRgb(double l, double a, double b, double[] out, int offset) {
        toRgb(l, a, b, out, offset, false);
    }

    /**
     * 8-bit B, G, R of Lab, written to {@code out[p..p+2]} ({@code linear}: three values of scratch
     * space): {@link #toRgbFast}, x 255, rounded and clipped, with the transfer curve and the
     * rounding read together from one table of
     * {@value #ENCODE8_STEPS} steps of linear light (each step's byte is the one nearest to the
     * curve at its middle; the result differs from {@code toRgbFast} by one level at most, where
     * a value lies within a step of a rounding boundary).
     */
    public static void toBgr8(double l, double a, double b, double[] linear, byte[] out, int p) {
        toLinearRgb(l, a, b, linear, 0);
        out[p] = encode8(linear[2]);
        out[p + 1] = encode8(linear[1]);
        out[p + 2] = encode8(linear[0]);
    }

    private static byte encode8(double linear) {
        return ENCODE8[linear <= 0 ? 0 : linear >= 1 ? ENCODE8_STEPS - 1 : (int) (linear * ENCODE8_STEPS)];
    }

    private static byte[] encode8Table() {
        byte[] table = new byte[ENCODE8_STEPS];
        for (int i = 0; i < ENCODE8_STEPS; i++) {
            table[i] = (byte) Math.rint(linearToSrgb((i + 0.5) / ENCODE8_STEPS) * 255);
        }
        return table;
    }

    private static void toRgb(double l, double a, double b, double[] out, int offset, boolean tabulated) {
        toLinearRgb(l, a, b, out, offset);
        for (int i = offset; i < offset + 3; i++) {
            out[i] = encode(out[i], tabulated);
        }
    }

    /** Linear-light R, G, B of Lab, not yet clipped, written to {@code out[offset..offset+2]}. */
    private static void toLinearRgb(double l, double a, double b, double[] out, int offset) {
        double y;
        double fy;
        // Multiplications by reciprocals, not divisions: a division costs several multiplications.
        if (l <= L_THRESHOLD) {
            y = l * INV_KAPPA;
            fy = SLOPE * y + OFFSET;
        } else {
            fy = (l + 16) * INV_116;
            y = fy * fy * fy;
        }
        double x = finv(fy + a * INV_500);
        double z = finv(fy - b * INV_200);
        out[offset] = XR * x + YR * y + ZR * z;
        out[offset + 1] = XG * x + YG * y + ZG * z;
        out[offset + 2] = XB * x + YB * y + ZB * z;
    }

    private static double encode(double linear, boolean tabulated) {
        return tabulated ? ENCODE.at(linear) : linearToSrgb(linear);
    }

    private static double finv(double f) {
        return f <= F_THRESHOLD ? (f - OFFSET) * INV_SLOPE : f * f * f;
    }
}
