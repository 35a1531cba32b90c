package org.jgrad.bench.harness;

import java.util.Locale;

/** Number formatting shared by the progress lines and the report. */
public final class Numbers {
    private Numbers() {}

    /** At least three significant digits, no exponent, thousands grouped: 0.0123, 1.23, 123, 12,345; NaN → "n/a". */
    public static String threeDigits(double v) {
        if (!Double.isFinite(v)) return "n/a";
        double a = Math.abs(v);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : 4;
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    /** A ratio with two decimals and a ×: 1.53×; NaN → "n/a". */
    public static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f×", v) : "n/a";
    }
}
