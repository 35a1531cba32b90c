package org.jgrad.tensor.cpu.gemm;

/**
 * Portable float32 micro-kernel in plain Java, for JVMs without {@code jdk.incubator.vector}.
 *
 * <p>Tile of {@value #MR}×{@value #NR}: for each p it does {@value #MR} rank-1 row updates
 * {@code acc[i][0..NR) += A[i][p] * B[p][0..NR)}. The accumulator is a small array in L1, and the
 * j-loop is a simple counted loop over contiguous data that C2's superword pass turns into SIMD
 * instructions where the hardware has them. Products are rounded before they are added (no fused
 * multiply-add), as the Java language requires for {@code a * b + c}.
 */
final class PlainFloatKernel implements FloatMicroKernel {
    static final int MR = 4;
    static final int NR = 16;

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
        float[] acc = new float[MR * NR];
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR, ai = aOff + p * MR;
            for (int i = 0; i < MR; i++) {
                float av = a[ai + i];
                int ci = i * NR;
                for (int j = 0; j < NR; j++) acc[ci + j] += av * b[bi + j];
            }
        }
        for (int i = 0; i < MR; i++) {
            int d = cOff + i * ldc, ci = i * NR;
            if (overwrite) {
                System.arraycopy(acc, ci, c, d, NR);
            } else {
                for (int j = 0; j < NR; j++) c[d + j] += acc[ci + j];
            }
        }
    }
}
