package org.jgrad.tensor.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 micro-kernel on the Vector API: a 6 × (2 vectors) tile, i.e. 6 × 32 floats with AVX-512.
 *
 * <p>The twelve accumulators are local {@link FloatVector} variables so C2 keeps them in registers.
 * Each step p loads two vectors of the packed B row, broadcasts the six packed A values of column p
 * in turn and does twelve fused multiply-adds: {@code c[i][v] = fma(A[i][p], B[p][v], c[i][v])}.
 * With 12 accumulators + 2 B vectors + 1 broadcast, 15 of the 32 AVX-512 registers are live, and
 * the 12 independent FMA chains hide the FMA latency.
 */
final class VectorFloatKernel implements FloatMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void compute(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR, ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        store(c00, c01, c, cOff, overwrite);
        store(c10, c11, c, cOff + ldc, overwrite);
        store(c20, c21, c, cOff + 2 * ldc, overwrite);
        store(c30, c31, c, cOff + 3 * ldc, overwrite);
        store(c40, c41, c, cOff + 4 * ldc, overwrite);
        store(c50, c51, c, cOff + 5 * ldc, overwrite);
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int at, boolean overwrite) {
        if (!overwrite) {
            v0 = v0.add(FloatVector.fromArray(S, c, at));
            v1 = v1.add(FloatVector.fromArray(S, c, at + L));
        }
        v0.intoArray(c, at);
        v1.intoArray(c, at + L);
    }
}
