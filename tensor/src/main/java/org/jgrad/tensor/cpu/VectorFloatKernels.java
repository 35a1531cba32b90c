package org.jgrad.tensor.cpu;

import jdk.incubator.vector.FloatVector;
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

    @Override
    public double sum(float[] x, int off, int n) {
        double total = 0;
        for (int start = 0; start < n; start += SUM_BLOCK) {
            int len = Math.min(SUM_BLOCK, n - start), bound = S.loopBound(len), i = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; i < bound; i += S.length()) acc = acc.add(FloatVector.fromArray(S, x, off + start + i));
            // Lanes added in index order, not by reduceLanes(ADD), whose float order the Vector API
            // leaves unspecified (free to differ between JIT tiers and JDKs): the sum stays a fixed function.
            float block = 0;
            for (float lane : acc.toArray()) block += lane;
            for (; i < len; i++) block += x[off + start + i];
            total += block;
        }
        return total;
    }
}
