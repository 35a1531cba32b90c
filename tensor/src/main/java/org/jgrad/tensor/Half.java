package org.jgrad.tensor;

/**
 * Conversions between {@code float} and IEEE 754-2008 binary16 ("half precision"), stored as the
 * raw 16 bits in a {@code short}. (Java 17 has no {@code Float.float16ToFloat}.)
 *
 * <h2>The format</h2>
 * <pre>
 *   bit 15     14 .. 10       9 .. 0
 *   sign s     exponent e     mantissa m      (bias 15)
 *
 *   e = 0,      m = 0 :  (-1)^s · 0                      (signed zero)
 *   e = 0,      m > 0 :  (-1)^s · m · 2^-24               (subnormal, 2^-24 .. 1023·2^-24)
 *   1 &le; e &le; 30      :  (-1)^s · 2^(e-15) · (1 + m/1024)  (normal, 2^-14 .. 65504)
 *   e = 31,     m = 0 :  (-1)^s · infinity
 *   e = 31,     m > 0 :  NaN (m bit 9 set: quiet)
 * </pre>
 * Every half is exactly representable as a float (11-bit significand, exponents -24..15), so
 * {@link #toFloat} is exact. {@link #fromFloat} rounds to nearest, ties to even, including into
 * and within the subnormal range; magnitudes &ge; 65520 (the midpoint between the largest half,
 * 65504 = 2<sup>15</sup>·(2 - 2<sup>-10</sup>), and 2<sup>16</sup>) become infinity, and
 * magnitudes &le; 2<sup>-25</sup> (half the smallest subnormal) become a zero of the same sign.
 *
 * <p>NaNs stay NaNs of the same sign and are always quiet: {@link #toFloat} sets the float quiet
 * bit and keeps the 10 payload bits in the top of the float mantissa; {@link #fromFloat} keeps the
 * top 10 payload bits of the float mantissa and sets the half quiet bit (bit 9). Quiet half NaNs
 * therefore round-trip bit-exactly.
 */
public final class Half {
    /** Positive infinity, {@code 0x7C00}. */
    public static final short POSITIVE_INFINITY = (short) 0x7C00;
    /** Negative infinity, {@code 0xFC00}. */
    public static final short NEGATIVE_INFINITY = (short) 0xFC00;
    /** The canonical quiet NaN, {@code 0x7E00}. */
    public static final short NaN = (short) 0x7E00;
    /** Largest finite half, 65504, {@code 0x7BFF}. */
    public static final short MAX_VALUE = (short) 0x7BFF;
    /** Smallest positive normal half, 2<sup>-14</sup>, {@code 0x0400}. */
    public static final short MIN_NORMAL = (short) 0x0400;
    /** Smallest positive subnormal half, 2<sup>-24</sup>, {@code 0x0001}. */
    public static final short MIN_VALUE = (short) 0x0001;

    /** Float bits of 65520.0f: at or above this magnitude the result is infinity. */
    private static final int FLOAT_OVERFLOW = 0x477FF000;
    /** Float bits of 2^-14, the smallest normal half. */
    private static final int FLOAT_MIN_NORMAL = 0x38800000;
    /** Float bits of 2^-25: at or below this magnitude the result is zero (tie goes to even 0). */
    private static final int FLOAT_HALF_MIN_SUBNORMAL = 0x33000000;
    /** Exponent rebias (127 - 15) in float exponent position. */
    private static final int REBIAS = (127 - 15) << 23;

    private Half() {}

    /** The exact float value of the half with bits {@code h}. */
    public static float toFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int e = (bits >>> 10) & 0x1F;
        int m = bits & 0x3FF;
        if (e == 0) {
            float v = m * 0x1p-24f; // exact: m < 2^10
            return sign != 0 ? -v : v;
        }
        if (e == 31) {
            if (m == 0) return Float.intBitsToFloat(sign | 0x7F800000);
            return Float.intBitsToFloat(sign | 0x7FC00000 | (m << 13));
        }
        return Float.intBitsToFloat(sign | ((e << 23) + REBIAS) | (m << 13));
    }

    /** {@code f} rounded to the nearest half (ties to even), as raw bits. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;

        if (abs >= 0x7F800000) { // infinity or NaN
            if (abs == 0x7F800000) return (short) (sign | 0x7C00);
            return (short) (sign | 0x7E00 | ((abs >>> 13) & 0x3FF));
        }
        if (abs >= FLOAT_OVERFLOW) return (short) (sign | 0x7C00);

        if (abs >= FLOAT_MIN_NORMAL) {
            // normal: rebias the exponent, keep the top 10 mantissa bits, round on the low 13
            int h = (abs - REBIAS) >>> 13;
            int rest = abs & 0x1FFF;
            if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) h++; // a carry into e is right
            return (short) (sign | h);
        }
        if (abs <= FLOAT_HALF_MIN_SUBNORMAL) return (short) sign;

        // subnormal result: |f| = M · 2^(E-150) with the full 24-bit significand M, so
        // |f| / 2^-24 = M · 2^(E-126) = M >> (126 - E); here 102 <= E <= 112, shift 14..24
        int exp = abs >>> 23;
        int sig = (abs & 0x7FFFFF) | 0x800000;
        int shift = 126 - exp;
        int h = sig >>> shift;
        int rest = sig & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (h & 1) != 0)) h++; // 0x3FF + 1 = MIN_NORMAL
        return (short) (sign | h);
    }

    /** {@code true} if {@code h} is a NaN. */
    public static boolean isNaN(short h) {
        return (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0;
    }
}
