package org.jgrad.tensor.cpu.gemm;

import java.util.Arrays;
import org.jgrad.tensor.cpu.CpuParallel;

/**
 * float64 GEMM as one plain loop nest: for each row i of C and each p, C[i, :] += op(A)[i, p] ·
 * op(B)[p, :], the innermost loop running along contiguous rows (which the JIT vectorizes). op(B)
 * is first copied row-major when it is transposed. float64 serves gradient checks and references,
 * where clarity matters more than the last factor of speed, so it does not share the packed,
 * register-blocked machinery of {@link FloatGemm}. Rows are split over threads; each element sums
 * over p in order, so the result does not depend on the thread count.
 */
final class DoubleGemm {
    /** Rows per task below which the loop stays on one thread: about 64K multiply-adds. */
    private static final int MIN_TASK_WORK = 1 << 16;

    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double[] c, int cOff, int ldc, boolean accumulate, boolean parallel) {
        double[] rowsB = b;
        int rowsOff = bOff, rowsLd = ldb;
        if (transB) { // op(B)[p][j] = B[j][p]: copy it row-major once
            rowsB = new double[k * n];
            for (int p = 0; p < k; p++)
                for (int j = 0; j < n; j++) rowsB[p * n + j] = b[bOff + j * ldb + p];
            rowsOff = 0;
            rowsLd = n;
        }
        double[] bRows = rowsB;
        int bo = rowsOff, bld = rowsLd;
        CpuParallel.RangeBody rows = (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc;
                if (!accumulate) Arrays.fill(c, ci, ci + n, 0.0);
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    int bi = bo + p * bld;
                    for (int j = 0; j < n; j++) c[ci + j] += av * bRows[bi + j];
                }
            }
        };
        int grain = Math.max(1, MIN_TASK_WORK / Math.max(1, n * Math.max(1, k)));
        if (parallel) CpuParallel.forRange(m, grain, rows);
        else rows.run(0, m);
    }
}
