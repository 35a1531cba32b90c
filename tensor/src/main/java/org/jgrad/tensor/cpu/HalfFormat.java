package org.jgrad.tensor.cpu;

import org.jgrad.tensor.BFloat16;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Half;

/**
 * The two 16-bit floating formats as the CPU loops see them: raw bits in a {@code short[]}, widened
 * to float32 exactly and rounded back once (nearest, ties to even), one element or a contiguous run
 * (the run through {@link FloatKernels}, vectorized where the JVM allows).
 */
enum HalfFormat {
    /** IEEE 754 binary16, {@link DType#FLOAT16}. */
    BINARY16 {
        @Override float toFloat(short bits) { return Half.toFloat(bits); }
        @Override short fromFloat(float f) { return Half.fromFloat(f); }
        @Override void widen(short[] src, int so, float[] dst, int d, int n) { FloatKernels.INSTANCE.fromHalf(src, so, dst, d, n); }
        @Override void round(float[] src, int so, short[] dst, int d, int n) { FloatKernels.INSTANCE.toHalf(src, so, dst, d, n); }
    },
    /** bfloat16, {@link DType#BFLOAT16}. */
    BFLOAT16 {
        @Override float toFloat(short bits) { return BFloat16.toFloat(bits); }
        @Override short fromFloat(float f) { return BFloat16.fromFloat(f); }
        @Override void widen(short[] src, int so, float[] dst, int d, int n) { FloatKernels.INSTANCE.fromBFloat16(src, so, dst, d, n); }
        @Override void round(float[] src, int so, short[] dst, int d, int n) { FloatKernels.INSTANCE.toBFloat16(src, so, dst, d, n); }
    };

    /** The format of a half dtype; null for every other dtype. */
    static HalfFormat of(DType dtype) {
        return switch (dtype) {
            case FLOAT16 -> BINARY16;
            case BFLOAT16 -> BFLOAT16;
            default -> null;
        };
    }

    /** The exact float value of one element. */
    abstract float toFloat(short bits);

    /** One float rounded to this format. */
    abstract short fromFloat(float f);

    /** dst[d + i] = toFloat(src[so + i]) for i in [0, n). */
    abstract void widen(short[] src, int so, float[] dst, int d, int n);

    /** dst[d + i] = fromFloat(src[so + i]) for i in [0, n). */
    abstract void round(float[] src, int so, short[] dst, int d, int n);

    /** dst[di + j·sd] = toFloat(src[si + j·ss]) for j in [0, n): the vector path when both are contiguous. */
    void widen(short[] src, int si, int ss, float[] dst, int di, int sd, int n) {
        if (ss == 1 && sd == 1) widen(src, si, dst, di, n);
        else for (int j = 0; j < n; j++, si += ss, di += sd) dst[di] = toFloat(src[si]);
    }

    /** dst[di + j·sd] = fromFloat(src[si + j·ss]) for j in [0, n): the vector path when both are contiguous. */
    void round(float[] src, int si, int ss, short[] dst, int di, int sd, int n) {
        if (ss == 1 && sd == 1) round(src, si, dst, di, n);
        else for (int j = 0; j < n; j++, si += ss, di += sd) dst[di] = fromFloat(src[si]);
    }
}
