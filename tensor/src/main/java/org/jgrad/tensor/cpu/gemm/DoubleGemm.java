package org.jgrad.tensor.cpu.gemm;

import java.util.Arrays;

/** {@link GemmDriver} for float64: {@link DoublePacking} plus a {@link DoubleMicroKernel}. */
final class DoubleGemm extends GemmDriver<double[]> {
    private final DoubleMicroKernel kernel;

    DoubleGemm(DoubleMicroKernel kernel, int kc, int mc, int nc) {
        super(kernel.mr(), kernel.nr(), kc, mc, nc);
        this.kernel = kernel;
    }

    @Override
    double[] newArray(int length) {
        return new double[length];
    }

    @Override
    int length(double[] array) {
        return array.length;
    }

    @Override
    void packA(boolean transA, double[] a, int aOff, int lda, int row0, int rows, int p0, int kb, double[] dst, int dstOff) {
        DoublePacking.packA(transA, a, aOff, lda, row0, rows, p0, kb, mr, dst, dstOff);
    }

    @Override
    void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kb, int col0, int cols, double[] dst, int dstOff) {
        DoublePacking.packB(transB, b, bOff, ldb, p0, kb, col0, cols, nr, dst, dstOff);
    }

    @Override
    void kernel(int kb, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc, boolean overwrite) {
        kernel.compute(kb, a, aOff, b, bOff, c, cOff, ldc, overwrite);
    }

    @Override
    void mergeTile(double[] tile, double[] c, int cOff, int ldc, int rows, int cols, boolean overwrite) {
        for (int i = 0; i < rows; i++) {
            int t = i * nr, d = cOff + i * ldc;
            if (overwrite) {
                System.arraycopy(tile, t, c, d, cols);
            } else {
                for (int j = 0; j < cols; j++) c[d + j] += tile[t + j];
            }
        }
    }

    @Override
    void clear(double[] c, int cOff, int ldc, int m, int n) {
        for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
    }
}
