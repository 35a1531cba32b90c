package org.jgrad.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.UnaryOp;

/**
 * {@link FloatKernels} with the Vector API: whole vectors of {@code SPECIES_PREFERRED} lanes
 * (16 with AVX-512), the tail in scalar code. Transcendental functions stay scalar (inherited):
 * on Java 17 their lanewise forms are not faster than {@link Math}'s intrinsics.
 */
final class VectorFloatKernels extends PlainFloatKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String describe() {
        return "Vector API, " + S.length() + " float lanes (" + S.vectorBitSize() + "-bit)";
    }

    /**
     * Each op has its own loop naming its operation: HotSpot turns Vector API calls into SIMD
     * instructions only where the operation and the vector's concrete class are known at the call
     * site; a shared helper taking the op (or the vectors) as arguments runs the API's slow Java
     * fallback when it is not inlined.
     */
    @Override
    public boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, boolean bScalar, float[] out, int o, int n) {
        if (!FloatKernels.hasBinary(op)) return false;
        if (n == 0) return true;
        int i = 0, bound = S.loopBound(n);
        FloatVector bv = bScalar ? FloatVector.broadcast(S, b[bo]) : null;
        switch (op) {
            case ADD -> {
                if (bScalar) for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(bv).intoArray(out, o + i);
                else for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, o + i);
            }
            case SUB -> {
                if (bScalar) for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(bv).intoArray(out, o + i);
                else for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, o + i);
            }
            case MUL -> {
                if (bScalar) for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(bv).intoArray(out, o + i);
                else for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, o + i);
            }
            case DIV -> {
                if (bScalar) for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(bv).intoArray(out, o + i);
                else for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, o + i);
            }
            // max/min are Math.max/Math.min lane by lane: NaN wins and -0 < +0, BinaryOp's definition (SpecialValueOpsTest)
            case MAXIMUM -> {
                if (bScalar) for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(bv).intoArray(out, o + i);
                else for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, o + i);
            }
            case MINIMUM -> {
                if (bScalar) for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(bv).intoArray(out, o + i);
                else for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(out, o + i);
            }
            default -> throw new IllegalStateException("no vector form for " + op);
        }
        return i == n || super.binary(op, a, ao + i, b, bScalar ? bo : bo + i, bScalar, out, o + i, n - i);
    }

    @Override
    public boolean unary(UnaryOp op, float[] x, int xo, float[] out, int o, int n) {
        int i = 0, bound = S.loopBound(n);
        switch (op) {
            case NEG -> { for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, xo + i).neg().intoArray(out, o + i); }
            case ABS -> { for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, xo + i).abs().intoArray(out, o + i); }
            case SQRT -> { for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(out, o + i); }
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.blend(zero, v.compare(VectorOperators.LE, zero)).intoArray(out, o + i); // NaN compares false: kept
                }
            }
            default -> { return super.unary(op, x, xo, out, o, n); }
        }
        return i == n || super.unary(op, x, xo + i, out, o + i, n - i);
    }

    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    /** As many 16-bit lanes as S has float lanes, in half the bits: where a vector of ints narrows to. */
    private static final VectorSpecies<Short> HALVES = VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));

    /** Stores the low 16 bits of each lane of {@code bits} into dst[d .. d + L), one narrowing conversion (7× faster than through an int[] here). */
    private static void storeLow16(IntVector bits, short[] dst, int d) {
        ((ShortVector) bits.convertShape(VectorOperators.I2S, HALVES, 0)).intoArray(dst, d);
    }

    /**
     * {@link org.jgrad.tensor.Half#fromFloat} without branches, a vector at a time (F. Giesen's
     * method): for a normal half, rebias the exponent and round the 13 dropped mantissa bits to
     * nearest even by adding 0xFFF plus the lowest kept bit before shifting; for a subnormal half
     * (|x| &lt; 2<sup>-14</sup>), |x| + 0.5 rounds x to a multiple of 2<sup>-24</sup> in hardware
     * (ties to even), leaving the half's bits in the low mantissa bits; then infinity (from
     * |x| &ge; 65520) and NaN (quiet, top 10 payload bits) replace their lanes, and the sign is put back.
     */
    @Override
    public void toHalf(float[] src, int so, short[] dst, int d, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            IntVector bits = FloatVector.fromArray(S, src, so + i).reinterpretAsInts();
            IntVector abs = bits.and(0x7FFFFFFF);
            IntVector normal = abs.add(((15 - 127) << 23) + 0xFFF).add(abs.lanewise(VectorOperators.LSHR, 13).and(1))
                    .lanewise(VectorOperators.LSHR, 13);
            IntVector subnormal = abs.reinterpretAsFloats().add(0.5f).reinterpretAsInts().sub(0x3F000000);
            IntVector nan = abs.lanewise(VectorOperators.LSHR, 13).and(0x3FF).or(0x7E00);
            IntVector h = normal.blend(subnormal, abs.compare(VectorOperators.LT, 0x38800000))
                    .blend(0x7C00, abs.compare(VectorOperators.GE, 0x477FF000))
                    .blend(nan, abs.compare(VectorOperators.GT, 0x7F800000));
            storeLow16(h.or(bits.lanewise(VectorOperators.LSHR, 16).and(0x8000)), dst, d + i);
        }
        super.toHalf(src, so + i, dst, d + i, n - i);
    }

    /**
     * {@link org.jgrad.tensor.Half#toFloat} without branches, a vector at a time: shift exponent
     * and mantissa into float position and rebias (normal halves); exponent 31 becomes 255
     * (infinity, or a NaN made quiet); a zero or subnormal half is renormalized by building
     * 2<sup>-14</sup>·(1 + m/1024) and subtracting 2<sup>-14</sup> (exact).
     */
    @Override
    public void fromHalf(short[] src, int so, float[] dst, int d, int n) {
        int i = 0, bound = S.loopBound(n);
        int[] lanes = new int[L];
        for (; i < bound; i += L) {
            for (int k = 0; k < L; k++) lanes[k] = src[so + i + k];
            IntVector h = IntVector.fromArray(I, lanes, 0);
            IntVector em = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            IntVector exponent = em.and(0x0F800000);
            IntVector special = em.add(224 << 23);
            special = special.blend(special.or(0x00400000), em.and(0x007FE000).compare(VectorOperators.NE, 0));
            IntVector tiny = em.add(113 << 23).reinterpretAsFloats().sub(0x1p-14f).reinterpretAsInts();
            IntVector f = em.add(112 << 23)
                    .blend(special, exponent.compare(VectorOperators.EQ, 0x0F800000))
                    .blend(tiny, exponent.compare(VectorOperators.EQ, 0));
            f.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats().intoArray(dst, d + i);
        }
        super.fromHalf(src, so + i, dst, d + i, n - i);
    }

    /**
     * {@link org.jgrad.tensor.BFloat16#fromFloat} a vector at a time: add 0x7FFF plus the lowest
     * kept bit and drop the low 16 bits (round to nearest even on the float's bits), NaN lanes
     * replaced by their top bits with the quiet bit set.
     */
    @Override
    public void toBFloat16(float[] src, int so, short[] dst, int d, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            IntVector bits = FloatVector.fromArray(S, src, so + i).reinterpretAsInts();
            IntVector top = bits.lanewise(VectorOperators.LSHR, 16);
            IntVector rounded = bits.add(0x7FFF).add(top.and(1)).lanewise(VectorOperators.LSHR, 16);
            storeLow16(rounded.blend(top.or(0x0040), bits.and(0x7FFFFFFF).compare(VectorOperators.GT, 0x7F800000)), dst, d + i);
        }
        super.toBFloat16(src, so + i, dst, d + i, n - i);
    }

    /** {@link org.jgrad.tensor.BFloat16#toFloat} a vector at a time: the bits moved to the top half, NaNs made quiet. */
    @Override
    public void fromBFloat16(short[] src, int so, float[] dst, int d, int n) {
        int i = 0, bound = S.loopBound(n);
        int[] lanes = new int[L];
        for (; i < bound; i += L) {
            for (int k = 0; k < L; k++) lanes[k] = src[so + i + k];
            IntVector bits = IntVector.fromArray(I, lanes, 0).lanewise(VectorOperators.LSHL, 16);
            bits.blend(bits.or(0x00400000), bits.and(0x7FFFFFFF).compare(VectorOperators.GT, 0x7F800000))
                    .reinterpretAsFloats().intoArray(dst, d + i);
        }
        super.fromBFloat16(src, so + i, dst, d + i, n - i);
    }

    @Override
    public double sum(float[] x, int off, int n) {
        double total = 0;
        float[] lanes = new float[S.length()];
        for (int start = 0; start < n; start += SUM_BLOCK) {
            int len = Math.min(SUM_BLOCK, n - start), bound = S.loopBound(len), i = 0;
            float block = 0;
            if (bound > 0) {
                FloatVector acc = FloatVector.fromArray(S, x, off + start);
                for (i = S.length(); i < bound; i += S.length()) acc = acc.add(FloatVector.fromArray(S, x, off + start + i));
                // Lanes added in index order, not by reduceLanes(ADD), whose float order the Vector API
                // leaves unspecified (free to differ between JIT tiers and JDKs): the sum stays a fixed function.
                acc.intoArray(lanes, 0);
                for (float lane : lanes) block += lane;
            }
            for (; i < len; i++) block += x[off + start + i];
            total += block;
        }
        return total;
    }

    @Override
    public void channelLinear(float[] u, int uo, float m, float a, float[] v, int vo, float b, float c, float[] out, int o, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector mv = FloatVector.broadcast(S, m), av = FloatVector.broadcast(S, a), cv = FloatVector.broadcast(S, c);
        if (v == null) {
            for (; i < bound; i += L) FloatVector.fromArray(S, u, uo + i).sub(mv).fma(av, cv).intoArray(out, o + i);
        } else {
            FloatVector bv = FloatVector.broadcast(S, b);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, u, uo + i).sub(mv).fma(av, FloatVector.fromArray(S, v, vo + i).fma(bv, cv)).intoArray(out, o + i);
        }
        super.channelLinear(u, uo + i, m, a, v, vo + i, b, c, out, o + i, n - i);
    }

    /** Σ over one block: lanes accumulated by fma, then added in index order (as in {@link #sum}). */
    @Override
    public double sumSquaredDeviations(float[] x, int off, int n, float mean) {
        double total = 0;
        float[] lanes = new float[L];
        FloatVector mv = FloatVector.broadcast(S, mean);
        for (int start = 0; start < n; start += SUM_BLOCK) {
            int len = Math.min(SUM_BLOCK, n - start), bound = S.loopBound(len), i = 0;
            float block = 0;
            if (bound > 0) {
                FloatVector acc = FloatVector.zero(S);
                for (; i < bound; i += L) {
                    FloatVector d = FloatVector.fromArray(S, x, off + start + i).sub(mv);
                    acc = d.fma(d, acc);
                }
                acc.intoArray(lanes, 0);
                for (float lane : lanes) block += lane;
            }
            for (; i < len; i++) {
                float d = x[off + start + i] - mean;
                block = Math.fma(d, d, block);
            }
            total += block;
        }
        return total;
    }

    @Override
    public double sumProductCentered(float[] g, int go, float[] x, int xo, int n, float mean) {
        double total = 0;
        float[] lanes = new float[L];
        FloatVector mv = FloatVector.broadcast(S, mean);
        for (int start = 0; start < n; start += SUM_BLOCK) {
            int len = Math.min(SUM_BLOCK, n - start), bound = S.loopBound(len), i = 0;
            float block = 0;
            if (bound > 0) {
                FloatVector acc = FloatVector.zero(S);
                for (; i < bound; i += L)
                    acc = FloatVector.fromArray(S, g, go + start + i).fma(FloatVector.fromArray(S, x, xo + start + i).sub(mv), acc);
                acc.intoArray(lanes, 0);
                for (float lane : lanes) block += lane;
            }
            for (; i < len; i++) block = Math.fma(g[go + start + i], x[xo + start + i] - mean, block);
            total += block;
        }
        return total;
    }

    @Override
    public void reluBackward(float[] x, int xo, float[] g, int go, float[] out, int o, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i);
            zero.blend(FloatVector.fromArray(S, g, go + i), xv.compare(VectorOperators.GT, 0f)).intoArray(out, o + i);
        }
        super.reluBackward(x, xo + i, g, go + i, out, o + i, n - i);
    }
}
