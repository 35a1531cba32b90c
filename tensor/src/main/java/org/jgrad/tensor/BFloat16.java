package org.jgrad.tensor;

/**
 * Conversions between {@code float} and bfloat16 ("brain floating point"), stored as the raw 16
 * bits in a {@code short}: the top half of a float32's bits.
 *
 * <h2>The format</h2>
 * <pre>
 *   bit 15     14 .. 7        6 .. 0
 *   sign s     exponent e     mantissa m      (bias 127, as float32)
 *
 *   e = 0,       m = 0 :  (-1)^s · 0                        (signed zero)
 *   e = 0,       m > 0 :  (-1)^s · m · 2^-133                (subnormal, 2^-133 .. 127·2^-133)
 *   1 &le; e &le; 254      :  (-1)^s · 2^(e-127) · (1 + m/128)   (normal, 2^-126 .. ≈3.39·10^38)
 *   e = 255,     m = 0 :  (-1)^s · infinity
 *   e = 255,     m > 0 :  NaN (m bit 6 set: quiet)
 * </pre>
 * bfloat16 keeps float32's 8-bit exponent and so its range, with an 8-bit significand (7 stored
 * bits) instead of 24: about 2.4 significant decimal digits against float16's 3.3, but gradients
 * of 10<sup>-30</sup> neither underflow nor need loss scaling. {@link #toFloat} is exact (append
 * 16 zero bits). {@link #fromFloat} rounds to nearest, ties to even: because the format is a
 * truncated float32, adding {@code 0x7FFF} plus the lowest kept bit to the float's bits and
 * dropping the low 16 rounds correctly everywhere — a carry out of the mantissa moves to the
 * next binade, and the float32 maximum rounds to infinity, which is right since it lies above the
 * midpoint between the largest bfloat16 ({@code 0x7F7F}, (2 − 2<sup>-7</sup>)·2<sup>127</sup>)
 * and 2<sup>128</sup>. Float32 subnormals round into bfloat16's subnormals the same way.
 *
 * <p>NaNs stay NaNs of the same sign and are always quiet: both directions set the quiet bit and
 * keep the top payload bits, so quiet bfloat16 NaNs round-trip bit-exactly.
 */
public final class BFloat16 {
    /** Positive infinity, {@code 0x7F80}. */
    public static final short POSITIVE_INFINITY = (short) 0x7F80;
    /** Negative infinity, {@code 0xFF80}. */
    public static final short NEGATIVE_INFINITY = (short) 0xFF80;
    /** The canonical quiet NaN, {@code 0x7FC0}. */
    public static final short NaN = (short) 0x7FC0;
    /** Largest finite bfloat16, (2 − 2<sup>-7</sup>)·2<sup>127</sup> ≈ 3.3895·10<sup>38</sup>, {@code 0x7F7F}. */
    public static final short MAX_VALUE = (short) 0x7F7F;
    /** Smallest positive normal bfloat16, 2<sup>-126</sup>, {@code 0x0080}. */
    public static final short MIN_NORMAL = (short) 0x0080;
    /** Smallest positive subnormal bfloat16, 2<sup>-133</sup>, {@code 0x0001}. */
    public static final short MIN_VALUE = (short) 0x0001;

    private BFloat16() {}

    /** The exact float value of the bfloat16 with bits {@code b}. */
    public static float toFloat(short b) {
        int bits = (b & 0xFFFF) << 16;
        if ((bits & 0x7F800000) == 0x7F800000 && (bits & 0x007F0000) != 0) bits |= 0x00400000; // quiet a NaN
        return Float.intBitsToFloat(bits);
    }

    /** {@code f} rounded to the nearest bfloat16 (ties to even), as raw bits. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) return (short) ((bits >>> 16) | 0x0040); // NaN, made quiet
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** {@code true} if {@code b} is a NaN. */
    public static boolean isNaN(short b) {
        return (b & 0x7F80) == 0x7F80 && (b & 0x7F) != 0;
    }
}
