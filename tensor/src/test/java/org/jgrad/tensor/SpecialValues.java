package org.jgrad.tensor;

/**
 * Fixed special-value inputs for the elementwise ops and the definitions they must meet there
 * (see {@link BinaryOp}), written out independently of the main code. Every value is exact in
 * every floating dtype, float16 and bfloat16 included, and so is every sum, difference, product,
 * quotient and power of a left and a right value (the ordinary values are powers of two, the
 * only fractional exponent is 1/2 and the bases it meets are squares).
 */
public final class SpecialValues {
    private SpecialValues() {}

    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    /** Left operands (the bases of pow): NaN, ±∞, ±0, ±1 and ordinary values. */
    public static final double[] LEFT = {NAN, INF, -INF, 0.0, -0.0, 1, -1, 4, -4, 0.25, -0.25};

    /** Right operands (the exponents of pow): NaN, ±∞, ±0, ±1 and ordinary values, integer and not. */
    public static final double[] RIGHT = {NAN, INF, -INF, 0.0, -0.0, 1, -1, 2, -2, 4, -4, 0.5};

    /**
     * C's pow (C99 Annex F.9.4.4), as torch.pow defines it: 1 whenever b is ±0 or a is +1 (NaN
     * included), 1 for a = −1 and b = ±∞; then NaN if either is NaN; every other case is one where
     * Java's Math.pow and C agree.
     */
    public static double pow(double a, double b) {
        if (b == 0 || a == 1) return 1;
        if (Double.isNaN(a) || Double.isNaN(b)) return NAN;
        if (a == -1 && Double.isInfinite(b)) return 1;
        return Math.pow(a, b);
    }

    /** IEEE 754-2019 maximum: NaN if either is NaN; +0 unless both are −0; else the larger. */
    public static double maximum(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return NAN;
        if (a == 0 && b == 0) return isNegativeZero(a) && isNegativeZero(b) ? -0.0 : 0.0;
        return a > b ? a : b;
    }

    /** IEEE 754-2019 minimum: NaN if either is NaN; −0 unless both are +0; else the smaller. */
    public static double minimum(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return NAN;
        if (a == 0 && b == 0) return isNegativeZero(a) || isNegativeZero(b) ? -0.0 : 0.0;
        return a < b ? a : b;
    }

    public static boolean isNegativeZero(double v) {
        return v == 0 && Double.doubleToRawLongBits(v) != 0;
    }

    /** The reference value of a floating binary op on one pair. */
    public static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> pow(a, b);
            case MAXIMUM -> maximum(a, b);
            case MINIMUM -> minimum(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    /** Equal as values of a dtype: both NaN, or the same double, the sign of zero included. */
    public static boolean same(double want, double got) {
        return Double.isNaN(want) ? Double.isNaN(got) : Double.doubleToLongBits(want) == Double.doubleToLongBits(got);
    }
}
