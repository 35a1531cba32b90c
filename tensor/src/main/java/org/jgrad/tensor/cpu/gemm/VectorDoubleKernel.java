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
        int r1 = cOff + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        DoubleVector c00 = load(c, cOff, overwrite), c01 = load(c, cOff + L, overwrite);
        DoubleVector c10 = load(c, r1, overwrite), c11 = load(c, r1 + L, overwrite);
        DoubleVector c20 = load(c, r2, overwrite), c21 = load(c, r2 + L, overwrite);
        DoubleVector c30 = load(c, r3, overwrite), c31 = load(c, r3 + L, overwrite);
        DoubleVector c40 = load(c, r4, overwrite), c41 = load(c, r4 + L, overwrite);
        DoubleVector c50 = load(c, r5, overwrite), c51 = load(c, r5 + L, overwrite);
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
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }

    /** The starting accumulator: zero when C is overwritten, else the current C values. */
    private static DoubleVector load(double[] c, int at, boolean overwrite) {
        return overwrite ? DoubleVector.zero(S) : DoubleVector.fromArray(S, c, at);
    }
}
