package org.jgrad.tensor.cpu;

import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.UnaryOp;

/**
 * Fast paths for contiguous float32 runs: the loops that dominate training on the CPU. The plain
 * Java version ({@link PlainFloatKernels}) is the fallback; {@link VectorFloatKernels} uses the
 * incubating Vector API when the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (and {@code -Djgrad.simd=false} is not set). The choice is made once, as Lucene's
 * VectorizationProvider does.
 */
interface FloatKernels {
    /** The implementation in use. */
    FloatKernels INSTANCE = Simd.choose(PlainFloatKernels::new, "org.jgrad.tensor.cpu.VectorFloatKernels");

    /** One line for {@code jgrad info}. */
    String describe();

    /**
     * out[o + i] = op(a[ao + i], b[bo + i·(bScalar ? 0 : 1)]) for i in [0, n); false when the op has
     * no fast path (the caller then uses the generic loop).
     */
    boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, boolean bScalar, float[] out, int o, int n);

    /** True for the binary ops with a fast path: add, sub, mul, div, maximum, minimum. */
    static boolean hasBinary(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
            default -> false;
        };
    }

    /** out[o + i] = op(x[xo + i]); false when the op has no fast path. */
    boolean unary(UnaryOp op, float[] x, int xo, float[] out, int o, int n);

    /** dst[d + i] = src[so + i] rounded to float16 (nearest, ties to even) as raw bits, exactly as {@link org.jgrad.tensor.Half#fromFloat}. */
    void toHalf(float[] src, int so, short[] dst, int d, int n);

    /** dst[d + i] = the value of the float16 bits src[so + i], exactly as {@link org.jgrad.tensor.Half#toFloat}. */
    void fromHalf(short[] src, int so, float[] dst, int d, int n);

    /** dst[d + i] = src[so + i] rounded to bfloat16 (nearest, ties to even) as raw bits, exactly as {@link org.jgrad.tensor.BFloat16#fromFloat}. */
    void toBFloat16(float[] src, int so, short[] dst, int d, int n);

    /** dst[d + i] = the value of the bfloat16 bits src[so + i], exactly as {@link org.jgrad.tensor.BFloat16#toFloat}. */
    void fromBFloat16(short[] src, int so, float[] dst, int d, int n);

    /** Σ x[off .. off + n), accumulated in float32 blocks that are added up in double. */
    double sum(float[] x, int off, int n);

    /**
     * out[o + i] = fma(a, u[uo + i] − m, c), or fma(a, u[uo + i] − m, fma(b, v[vo + i], c)) when v
     * is not null, for i in [0, n): one row of {@link org.jgrad.tensor.Normalization#channelLinear}.
     */
    void channelLinear(float[] u, int uo, float m, float a, float[] v, int vo, float b, float c, float[] out, int o, int n);

    /** Σ (x[off + i] − mean)², accumulated like {@link #sum}. */
    double sumSquaredDeviations(float[] x, int off, int n, float mean);

    /** Σ g[go + i]·(x[xo + i] − mean), accumulated like {@link #sum}. */
    double sumProductCentered(float[] g, int go, float[] x, int xo, int n, float mean);

    /** out[o + i] = x[xo + i] &gt; 0 ? g[go + i] : 0 (relu's gradient; 0 where x is NaN). */
    void reluBackward(float[] x, int xo, float[] g, int go, float[] out, int o, int n);
}
