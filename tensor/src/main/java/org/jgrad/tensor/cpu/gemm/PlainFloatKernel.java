package org.jgrad.tensor.cpu.gemm;

/**
 * Portable float32 micro-kernel in plain Java, for JVMs without {@code jdk.incubator.vector}.
 *
 * <p>A {@value #MR}×{@value #NR} tile held in sixteen scalar locals, which C2 keeps in registers.
 * Each step p loads four packed B values and four packed A values and does the sixteen products
 * {@code c[i][j] += A[i][p] * B[p][j]}: 8 loads for 32 flops, with sixteen independent add chains.
 * The accumulators start at zero or at the current C values (accumulate), as in
 * {@link VectorFloatKernel}. Products are rounded before they are added (no fused multiply-add), as
 * the Java language requires for {@code a * b + c}. (An autovectorised row-update variant with the
 * tile in a small array ran at less than half this speed.)
 */
final class PlainFloatKernel implements FloatMicroKernel {
    static final int MR = 4;
    static final int NR = 4;

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
        int r0 = cOff + 0 * ldc;
        int r1 = cOff + 1 * ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        float c00 = overwrite ? 0 : c[r0 + 0], c01 = overwrite ? 0 : c[r0 + 1], c02 = overwrite ? 0 : c[r0 + 2], c03 = overwrite ? 0 : c[r0 + 3];
        float c10 = overwrite ? 0 : c[r1 + 0], c11 = overwrite ? 0 : c[r1 + 1], c12 = overwrite ? 0 : c[r1 + 2], c13 = overwrite ? 0 : c[r1 + 3];
        float c20 = overwrite ? 0 : c[r2 + 0], c21 = overwrite ? 0 : c[r2 + 1], c22 = overwrite ? 0 : c[r2 + 2], c23 = overwrite ? 0 : c[r2 + 3];
        float c30 = overwrite ? 0 : c[r3 + 0], c31 = overwrite ? 0 : c[r3 + 1], c32 = overwrite ? 0 : c[r3 + 2], c33 = overwrite ? 0 : c[r3 + 3];
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * MR, bi = bOff + p * NR;
            float b0 = b[bi + 0], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
            float a0 = a[ai + 0];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            float a1 = a[ai + 1];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            float a2 = a[ai + 2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            float a3 = a[ai + 3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        c[r0 + 0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
        c[r1 + 0] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
        c[r2 + 0] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
        c[r3 + 0] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
    }
}
