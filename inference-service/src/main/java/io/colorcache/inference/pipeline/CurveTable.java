package io.colorcache.inference.pipeline;

import java.util.function.DoubleUnaryOperator;

/**
 * A smooth function on [0, 1] sampled at {@code n + 1} points and read back by linear
 * interpolation; arguments outside [0, 1] are clamped. With 8192 intervals the curves used here
 * (sRGB transfer, cube root above 0.008856) are reproduced to better than 2e-5, far inside what
 * an 8-bit result or DDColor's input tolerance can see, at the cost of one multiply-add instead of
 * a {@code pow} or {@code cbrt}.
 */
final class CurveTable {

    private final double[] values;
    private final int intervals;

    CurveTable(int intervals, DoubleUnaryOperator function) {
        this.intervals = intervals;
        this.values = new double[intervals + 2];
        for (int i = 0; i <= intervals; i++) {
            values[i] = function.applyAsDouble((double) i / intervals);
        }
        values[intervals + 1] = values[intervals];
    }

    double at(double x) {
        double pos = (x <= 0 ? 0 : x >= 1 ? 1 : x) * intervals;
        int i = (int) pos;
        double frac = pos - i;
        return values[i] + (values[i + 1] - values[i]) * frac;
    }
}
