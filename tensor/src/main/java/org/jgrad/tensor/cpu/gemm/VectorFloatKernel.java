package org.jgrad.tensor.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 micro-kernel on the Vector API: an 8 × (2 vectors) tile, i.e. 8 × 32 floats with AVX-512.
 *
 * <p>The sixteen accumulators are local {@link FloatVector} variables so C2 keeps them in registers.
 * They start at zero, or at the current C values when accumulating, so the tile is written back with
 * plain stores. (A conditional "load C and add" after the loop made C2 recompile the kernel into a
 * version about 3× slower once both branches had been seen.)
 * Each step p loads two vectors of the packed B row, broadcasts the eight packed A values of column p
 * in turn and does sixteen fused multiply-adds: {@code c[i][v] = fma(A[i][p], B[p][v], c[i][v])}.
 * With 16 accumulators + 2 B vectors + 1 broadcast, 19 of the 32 AVX-512 registers are live, and
 * the 16 independent FMA chains hide the FMA latency. Eight rows load 10 values per 16 FMAs where
 * six rows loaded 8 per 12: alone in L1 the 8-row kernel ran at 169 GFLOP/s on one core against
 * 147 for 6 rows (2-core Xeon, AVX-512, 2026-12-07), and the channel counts of small CNNs (8, 16,
 * 32, 64) fill its panels exactly.
 */
final class VectorFloatKernel implements FloatMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 8;
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
        int r1 = cOff + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        FloatVector c00 = load(c, cOff, overwrite), c01 = load(c, cOff + L, overwrite);
        FloatVector c10 = load(c, r1, overwrite), c11 = load(c, r1 + L, overwrite);
        FloatVector c20 = load(c, r2, overwrite), c21 = load(c, r2 + L, overwrite);
        FloatVector c30 = load(c, r3, overwrite), c31 = load(c, r3 + L, overwrite);
        FloatVector c40 = load(c, r4, overwrite), c41 = load(c, r4 + L, overwrite);
        FloatVector c50 = load(c, r5, overwrite), c51 = load(c, r5 + L, overwrite);
        FloatVector c60 = load(c, r6, overwrite), c61 = load(c, r6 + L, overwrite);
        FloatVector c70 = load(c, r7, overwrite), c71 = load(c, r7 + L, overwrite);
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
            av = FloatVector.broadcast(S, a[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
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
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
    }

    /** The starting accumulator: zero when C is overwritten, else the current C values. */
    private static FloatVector load(float[] c, int at, boolean overwrite) {
        return overwrite ? FloatVector.zero(S) : FloatVector.fromArray(S, c, at);
    }
}
