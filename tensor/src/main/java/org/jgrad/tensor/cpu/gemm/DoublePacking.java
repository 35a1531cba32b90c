package org.jgrad.tensor.cpu.gemm;

/** The float64 twin of {@link FloatPacking}: the same panel layout for double values. */
final class DoublePacking {
    private DoublePacking() {}

    /**
     * Packs rows {@code [row0, row0+rows)} and columns {@code [p0, p0+kb)} of op(A) into one A
     * micro-panel of {@code mr} rows at {@code dst[dstOff ...]}: (i, p) goes to {@code dstOff + p*mr + i};
     * rows {@code rows..mr-1} are zero.
     */
    static void packA(boolean transA, double[] a, int aOff, int lda, int row0, int rows, int p0, int kb,
                      int mr, double[] dst, int dstOff) {
        if (transA) {
            // op(A)(i, p) = a[aOff + p*lda + i]: each p is a contiguous run of rows.
            for (int p = 0; p < kb; p++) {
                int src = aOff + (p0 + p) * lda + row0;
                int d = dstOff + p * mr;
                System.arraycopy(a, src, dst, d, rows);
                for (int i = rows; i < mr; i++) dst[d + i] = 0.0;
            }
        } else {
            // op(A)(i, p) = a[aOff + i*lda + p]: read each row contiguously, write with stride mr.
            for (int i = 0; i < rows; i++) {
                int src = aOff + (row0 + i) * lda + p0;
                int d = dstOff + i;
                for (int p = 0; p < kb; p++) dst[d + p * mr] = a[src + p];
            }
            for (int i = rows; i < mr; i++) {
                for (int p = 0; p < kb; p++) dst[dstOff + i + p * mr] = 0.0;
            }
        }
    }

    /**
     * Packs rows {@code [p0, p0+kb)} and columns {@code [col0, col0+cols)} of op(B) into one B
     * micro-panel of {@code nr} columns: (p, j) goes to {@code dstOff + p*nr + j}; columns
     * {@code cols..nr-1} are zero.
     */
    static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kb, int col0, int cols,
                      int nr, double[] dst, int dstOff) {
        if (transB) {
            // op(B)(p, j) = b[bOff + j*ldb + p]: read each column of op(B) contiguously.
            for (int j = 0; j < cols; j++) {
                int src = bOff + (col0 + j) * ldb + p0;
                int d = dstOff + j;
                for (int p = 0; p < kb; p++) dst[d + p * nr] = b[src + p];
            }
            for (int j = cols; j < nr; j++) {
                for (int p = 0; p < kb; p++) dst[dstOff + j + p * nr] = 0.0;
            }
        } else {
            for (int p = 0; p < kb; p++) {
                int src = bOff + (p0 + p) * ldb + col0;
                int d = dstOff + p * nr;
                System.arraycopy(b, src, dst, d, cols);
                for (int j = cols; j < nr; j++) dst[d + j] = 0.0;
            }
        }
    }
}
