package org.jgrad.tensor.cpu.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 micro-kernel on the Vector API: a 6 × (2 vectors) tile (6 × 16 doubles with AVX-512),
 * the same register-blocking scheme as {@link VectorFloatKernel}.
 */
final class VectorDoubleKernel implements DoubleMicroKernel {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
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
    public void compute(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc, boolean overwrite) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR, ai = aOff + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector av = DoubleVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(S, a[ai + 5]);
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

    private static void store(DoubleVector v0, DoubleVector v1, double[] c, int at, boolean overwrite) {
        if (!overwrite) {
            v0 = v0.add(DoubleVector.fromArray(S, c, at));
            v1 = v1.add(DoubleVector.fromArray(S, c, at + L));
        }
        v0.intoArray(c, at);
        v1.intoArray(c, at + L);
    }
}
