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

    @Override
    public String describe() {
        return "Vector API, " + S.length() + " float lanes (" + S.vectorBitSize() + "-bit)";
    }

    @Override
    public boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, boolean bScalar, float[] out, int o, int n) {
        if (!FloatKernels.hasBinary(op)) return false;
        if (n == 0) return true;
        int i = 0, bound = S.loopBound(n);
        if (bScalar) {
            FloatVector bv = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += S.length()) apply(op, FloatVector.fromArray(S, a, ao + i), bv).intoArray(out, o + i);
        } else {
            for (; i < bound; i += S.length())
                apply(op, FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i)).intoArray(out, o + i);
        }
        return i == n || super.binary(op, a, ao + i, b, bScalar ? bo : bo + i, bScalar, out, o + i, n - i);
    }

    /**
     * One op on whole vectors. Each case names its operation directly: HotSpot compiles Vector API
     * calls to SIMD instructions only when the operator is a constant at the call site (a
     * {@code lanewise(op, …)} with a variable {@code op} runs the API's slow Java fallback).
     */
    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAXIMUM -> x.max(y);
            case MINIMUM -> x.min(y);
            default -> throw new IllegalStateException("no vector form for " + op);
        };
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
            float block = acc.reduceLanes(VectorOperators.ADD);
            for (; i < len; i++) block += x[off + start + i];
            total += block;
        }
        return total;
    }
}
