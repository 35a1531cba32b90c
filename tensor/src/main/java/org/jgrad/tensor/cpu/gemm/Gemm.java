package org.jgrad.tensor.cpu.gemm;

/**
 * General matrix multiply on host arrays, row-major, in the style of BLAS:
 * <pre>
 *   C[i][j] = sum_p op(A)[i][p] * op(B)[p][j]   (+ C[i][j] when accumulate)
 * </pre>
 * {@code op(A)} is m×k: without {@code transA} element (i, p) lives at {@code aOff + i*lda + p};
 * with {@code transA} A is stored k×m and (i, p) lives at {@code aOff + p*lda + i}. Likewise
 * {@code op(B)} is k×n. C is m×n at {@code cOff + i*ldc + j}. Without {@code accumulate} the old
 * contents of C are ignored (even when k is 0, which makes C zero).
 *
 * <p>float32 work is done by a cache-blocked, packed, multithreaded implementation ({@link GemmDriver});
 * float64 by a plain loop nest ({@link DoubleGemm}). The float32 micro-kernel comes from the Vector API when {@code jdk.incubator.vector} is available, and
 * from plain Java otherwise (see {@link GemmProvider}; {@link #implementation()} says which one is in
 * use). Results do not depend on the number of threads.
 */
public final class Gemm {
    private static final GemmProvider PROVIDER = GemmProvider.lookup();
    private static final DoubleGemm DOUBLES = new DoubleGemm();

    private Gemm() {}

    /** Which implementation is in use, e.g. "Vector API, 16 float lanes" or "plain Java (...)". */
    public static String implementation() {
        return PROVIDER.description();
    }

    /** float32 GEMM. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        PROVIDER.floats().gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, true);
    }

    /** float64 GEMM. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        DOUBLES.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, true);
    }
}
