package org.jgrad.tensor.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 micro-kernel on the Vector API: a 6 × (2 vectors) tile, i.e. 6 × 32 floats with AVX-512.
 *
 * <p>The twelve accumulators are local {@link FloatVector} variables so C2 keeps them in registers.
 * They start at zero, or at the current C values when accumulating, so the tile is written back with
 * plain stores. (A conditional "load C and add" after the loop made C2 recompile the kernel into a
 * version about 3× slower once both branches had been seen.)
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
        int r1 = cOff + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00 = load(c, cOff, overwrite), c01 = load(c, cOff + L, overwrite);
        FloatVector c10 = load(c, r1, overwrite), c11 = load(c, r1 + L, overwrite);
        FloatVector c20 = load(c, r2, overwrite), c21 = load(c, r2 + L, overwrite);
        FloatVector c30 = load(c, r3, overwrite), c31 = load(c, r3 + L, overwrite);
        FloatVector c40 = load(c, r4, overwrite), c41 = load(c, r4 + L, overwrite);
        FloatVector c50 = load(c, r5, overwrite), c51 = load(c, r5 + L, overwrite);
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
    private static FloatVector load(float[] c, int at, boolean overwrite) {
        return overwrite ? FloatVector.zero(S) : FloatVector.fromArray(S, c, at);
    }
}
