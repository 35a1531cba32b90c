package org.jgrad.tensor.cpu.gemm;

/**
 * Copies blocks of op(A) and op(B) into the contiguous micro-panel layout that the micro-kernels read
 * (see {@link FloatMicroKernel}). Packing is where transposition, leading dimensions and offsets are
 * resolved, and where ragged edges are padded with zeros, so a kernel only ever sees full panels.
 */
final class FloatPacking {
    private FloatPacking() {}

    /**
     * Packs rows {@code [row0, row0+rows)} and columns {@code [p0, p0+kb)} of op(A) into one A
     * micro-panel of {@code mr} rows at {@code dst[dstOff ...]}: (i, p) goes to {@code dstOff + p*mr + i};
     * rows {@code rows..mr-1} are zero.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int row0, int rows, int p0, int kb,
                      int mr, float[] dst, int dstOff) {
        if (transA) {
            // op(A)(i, p) = a[aOff + p*lda + i]: each p is a contiguous run of rows.
            for (int p = 0; p < kb; p++) {
                int src = aOff + (p0 + p) * lda + row0;
                int d = dstOff + p * mr;
                System.arraycopy(a, src, dst, d, rows);
                for (int i = rows; i < mr; i++) dst[d + i] = 0f;
            }
        } else {
            // op(A)(i, p) = a[aOff + i*lda + p]: a transposing copy.
            transpose(a, aOff + row0 * lda + p0, lda, rows, kb, dst, dstOff, mr);
            for (int i = rows; i < mr; i++) {
                for (int p = 0; p < kb; p++) dst[dstOff + i + p * mr] = 0f;
            }
        }
    }

    /**
     * Packs rows {@code [p0, p0+kb)} and columns {@code [col0, col0+cols)} of op(B) into one B
     * micro-panel of {@code nr} columns: (p, j) goes to {@code dstOff + p*nr + j}; columns
     * {@code cols..nr-1} are zero.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kb, int col0, int cols,
                      int nr, float[] dst, int dstOff) {
        if (transB) {
            // op(B)(p, j) = b[bOff + j*ldb + p]: a transposing copy.
            transpose(b, bOff + col0 * ldb + p0, ldb, cols, kb, dst, dstOff, nr);
            for (int j = cols; j < nr; j++) {
                for (int p = 0; p < kb; p++) dst[dstOff + j + p * nr] = 0f;
            }
        } else {
            for (int p = 0; p < kb; p++) {
                int src = bOff + (p0 + p) * ldb + col0;
                int d = dstOff + p * nr;
                System.arraycopy(b, src, dst, d, cols);
                for (int j = cols; j < nr; j++) dst[d + j] = 0f;
            }
        }
    }

    /**
     * {@code dst[dstOff + p·dstStride + t] = src[srcOff + t·srcStride + p]} for t < count, p < kb:
     * eight (then four) source rows at a time, so that each step writes eight adjacent floats and reads eight
     * sequential streams (one row at a time wrote a single float per destination line, which ran
     * at a third of the speed when packing the column matrix of conv2d's weight gradient).
     */
    private static void transpose(float[] src, int srcOff, int srcStride, int count, int kb,
                                  float[] dst, int dstOff, int dstStride) {
        int t = 0;
        for (; t + 8 <= count; t += 8) {
            int s = srcOff + t * srcStride, d = dstOff + t;
            int s1 = s + srcStride, s2 = s1 + srcStride, s3 = s2 + srcStride;
            int s4 = s3 + srcStride, s5 = s4 + srcStride, s6 = s5 + srcStride, s7 = s6 + srcStride;
            for (int p = 0; p < kb; p++, d += dstStride) {
                dst[d] = src[s + p];
                dst[d + 1] = src[s1 + p];
                dst[d + 2] = src[s2 + p];
                dst[d + 3] = src[s3 + p];
                dst[d + 4] = src[s4 + p];
                dst[d + 5] = src[s5 + p];
                dst[d + 6] = src[s6 + p];
                dst[d + 7] = src[s7 + p];
            }
        }
        for (; t + 4 <= count; t += 4) {    // A panels are mr = 4 or 8 rows tall
            int s = srcOff + t * srcStride, d = dstOff + t;
            int s1 = s + srcStride, s2 = s1 + srcStride, s3 = s2 + srcStride;
            for (int p = 0; p < kb; p++, d += dstStride) {
                dst[d] = src[s + p];
                dst[d + 1] = src[s1 + p];
                dst[d + 2] = src[s2 + p];
                dst[d + 3] = src[s3 + p];
            }
        }
        for (; t < count; t++) {
            int s = srcOff + t * srcStride, d = dstOff + t;
            for (int p = 0; p < kb; p++, d += dstStride) dst[d] = src[s + p];
        }
    }
}
