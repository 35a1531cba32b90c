package org.jgrad.tensor.cpu.gemm;

/**
 * The innermost piece of the float32 GEMM: one {@code mr × nr} tile of C computed from packed panels.
 *
 * <p>The A micro-panel holds {@code kc} columns of {@code mr} values, k-major: element (i, p) at
 * {@code aOff + p*mr + i}. The B micro-panel holds {@code kc} rows of {@code nr} values: element (p, j)
 * at {@code bOff + p*nr + j}. The kernel computes the rank-{@code kc} update
 * <pre>
 *   T[i][j] = sum_{p < kc} Apanel[i][p] * Bpanel[p][j]
 * </pre>
 * and then writes {@code C[i][j] = T[i][j]} (overwrite) or {@code C[i][j] += T[i][j]}, with C at
 * {@code cOff + i*ldc + j}. It always handles a full tile; the driver deals with ragged edges by
 * letting the kernel write into a scratch tile. The sum for each element runs over p in increasing
 * order and does not depend on where the tile sits in C, so results are independent of how the work
 * is split among threads.
 */
interface FloatMicroKernel {
    /** Rows of the tile. */
    int mr();

    /** Columns of the tile. */
    int nr();

    void compute(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, boolean overwrite);
}
