package org.jgrad.tensor.cpu.gemm;

import java.util.Arrays;

/** {@link GemmDriver} for float32: {@link FloatPacking} plus a {@link FloatMicroKernel}. */
final class FloatGemm extends GemmDriver<float[]> {
    private final FloatMicroKernel kernel;

    FloatGemm(FloatMicroKernel kernel, int kc, int mc, int nc) {
        super(kernel.mr(), kernel.nr(), kc, mc, nc);
        this.kernel = kernel;
    }

    @Override
    float[] newArray(int length) {
        return new float[length];
    }

    @Override
    int length(float[] array) {
        return array.length;
    }

    @Override
    void packA(boolean transA, float[] a, int aOff, int lda, int row0, int rows, int p0, int kb, float[] dst, int dstOff) {
        FloatPacking.packA(transA, a, aOff, lda, row0, rows, p0, kb, mr, dst, dstOff);
    }

    @Override
    void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kb, int col0, int cols, float[] dst, int dstOff) {
        FloatPacking.packB(transB, b, bOff, ldb, p0, kb, col0, cols, nr, dst, dstOff);
    }

    @Override
    void kernel(int kb, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean overwrite) {
        kernel.compute(kb, a, aOff, b, bOff, c, cOff, ldc, overwrite);
    }

    @Override
    void clear(float[] c, int cOff, int ldc, int m, int n) {
        for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
    }
}
