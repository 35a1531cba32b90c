package org.jgrad.tensor.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 micro-kernel on the Vector API for 32-register machines (AVX-512): a 14 × (2 vectors)
 * tile, i.e. 14 × 32 floats.
 *
 * <p>Same scheme as {@link VectorFloatKernel}, with more rows: 28 accumulators + 2 B vectors + 1
 * broadcast = 31 of the 32 zmm registers. Each step p does 2 vector loads and 14 broadcasts for 28
 * FMAs (6×2 does 2 + 6 for 12), so more of the issue bandwidth goes to FMAs; measured on a Zen 5
 * core it ran about 25% faster than 6×2. With only 16 vector registers (AVX2) it would spill,
 * which is why {@link VectorGemmProvider} uses it only with 512-bit vectors.
 */
final class VectorFloatKernel14x2 implements FloatMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 14;
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
        int r0 = cOff;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        int r8 = r7 + ldc;
        int r9 = r8 + ldc;
        int r10 = r9 + ldc;
        int r11 = r10 + ldc;
        int r12 = r11 + ldc;
        int r13 = r12 + ldc;
        FloatVector c0a = load(c, r0, overwrite), c0b = load(c, r0 + L, overwrite);
        FloatVector c1a = load(c, r1, overwrite), c1b = load(c, r1 + L, overwrite);
        FloatVector c2a = load(c, r2, overwrite), c2b = load(c, r2 + L, overwrite);
        FloatVector c3a = load(c, r3, overwrite), c3b = load(c, r3 + L, overwrite);
        FloatVector c4a = load(c, r4, overwrite), c4b = load(c, r4 + L, overwrite);
        FloatVector c5a = load(c, r5, overwrite), c5b = load(c, r5 + L, overwrite);
        FloatVector c6a = load(c, r6, overwrite), c6b = load(c, r6 + L, overwrite);
        FloatVector c7a = load(c, r7, overwrite), c7b = load(c, r7 + L, overwrite);
        FloatVector c8a = load(c, r8, overwrite), c8b = load(c, r8 + L, overwrite);
        FloatVector c9a = load(c, r9, overwrite), c9b = load(c, r9 + L, overwrite);
        FloatVector c10a = load(c, r10, overwrite), c10b = load(c, r10 + L, overwrite);
        FloatVector c11a = load(c, r11, overwrite), c11b = load(c, r11 + L, overwrite);
        FloatVector c12a = load(c, r12, overwrite), c12b = load(c, r12 + L, overwrite);
        FloatVector c13a = load(c, r13, overwrite), c13b = load(c, r13 + L, overwrite);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR, ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c0a = av.fma(b0, c0a);
            c0b = av.fma(b1, c0b);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c1a = av.fma(b0, c1a);
            c1b = av.fma(b1, c1b);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c2a = av.fma(b0, c2a);
            c2b = av.fma(b1, c2b);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c3a = av.fma(b0, c3a);
            c3b = av.fma(b1, c3b);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c4a = av.fma(b0, c4a);
            c4b = av.fma(b1, c4b);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c5a = av.fma(b0, c5a);
            c5b = av.fma(b1, c5b);
            av = FloatVector.broadcast(S, a[ai + 6]);
            c6a = av.fma(b0, c6a);
            c6b = av.fma(b1, c6b);
            av = FloatVector.broadcast(S, a[ai + 7]);
            c7a = av.fma(b0, c7a);
            c7b = av.fma(b1, c7b);
            av = FloatVector.broadcast(S, a[ai + 8]);
            c8a = av.fma(b0, c8a);
            c8b = av.fma(b1, c8b);
            av = FloatVector.broadcast(S, a[ai + 9]);
            c9a = av.fma(b0, c9a);
            c9b = av.fma(b1, c9b);
            av = FloatVector.broadcast(S, a[ai + 10]);
            c10a = av.fma(b0, c10a);
            c10b = av.fma(b1, c10b);
            av = FloatVector.broadcast(S, a[ai + 11]);
            c11a = av.fma(b0, c11a);
            c11b = av.fma(b1, c11b);
            av = FloatVector.broadcast(S, a[ai + 12]);
            c12a = av.fma(b0, c12a);
            c12b = av.fma(b1, c12b);
            av = FloatVector.broadcast(S, a[ai + 13]);
            c13a = av.fma(b0, c13a);
            c13b = av.fma(b1, c13b);
        }
        c0a.intoArray(c, r0);
        c0b.intoArray(c, r0 + L);
        c1a.intoArray(c, r1);
        c1b.intoArray(c, r1 + L);
        c2a.intoArray(c, r2);
        c2b.intoArray(c, r2 + L);
        c3a.intoArray(c, r3);
        c3b.intoArray(c, r3 + L);
        c4a.intoArray(c, r4);
        c4b.intoArray(c, r4 + L);
        c5a.intoArray(c, r5);
        c5b.intoArray(c, r5 + L);
        c6a.intoArray(c, r6);
        c6b.intoArray(c, r6 + L);
        c7a.intoArray(c, r7);
        c7b.intoArray(c, r7 + L);
        c8a.intoArray(c, r8);
        c8b.intoArray(c, r8 + L);
        c9a.intoArray(c, r9);
        c9b.intoArray(c, r9 + L);
        c10a.intoArray(c, r10);
        c10b.intoArray(c, r10 + L);
        c11a.intoArray(c, r11);
        c11b.intoArray(c, r11 + L);
        c12a.intoArray(c, r12);
        c12b.intoArray(c, r12 + L);
        c13a.intoArray(c, r13);
        c13b.intoArray(c, r13 + L);
    }

    private static FloatVector load(float[] c, int at, boolean overwrite) {
        return overwrite ? FloatVector.zero(S) : FloatVector.fromArray(S, c, at);
    }
}
