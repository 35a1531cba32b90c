package org.jgrad.tensor.cpu.gemm;

/**
 * General matrix multiply on host arrays, row-major, in the style of BLAS:
 * <pre>
 *   C[i][j] = sum_p op(A)[i][p] * op(B)[p][j]   (+ C[i][j] when accumulate)
 * </pre>
 * {@code op(A)} is m×k: without {@code transA} element (i, p) lives at {@code aOff + i*lda + p};
 * with {@code transA} A is stored k×m and (i, p) lives at {@code aOff + p*lda + i}. Likewise
 * {@code op(B)} is k×n. C is m×n at {@code cOff + i*ldc + j}.
 */
public final class Gemm {
    private Gemm() {}

    /** float32 GEMM. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    acc += av * bv;
                }
                c[cOff + i * ldc + j] = acc;
            }
        }
    }

    /** float64 GEMM. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = accumulate ? c[cOff + i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    acc += av * bv;
                }
                c[cOff + i * ldc + j] = acc;
            }
        }
    }
}
