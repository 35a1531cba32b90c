package org.jgrad.cuda;

/**
 * The extents of one {@code matmul.cu} or {@code matmul_tc.cu} launch: {@code outer·inner} products
 * C (m × n) = Σ_{s < sums} A (m × k) · B (k × n), one block of {@link #THREADS} threads
 * ({@link #TENSOR_CORE_THREADS} on tensor cores) per {@link #TILE_M} × {@link #TILE_N} tile of
 * every C, all enumerated along the grid's x axis (whose limit, 2³¹ − 1 blocks, no array of fewer
 * than 2³¹ elements reaches). Both kernels use the same tiles, so the same grid.
 */
record GemmSize(int outer, int inner, int sums, int m, int n, int k) {
    /** GEMM_TILE_M, GEMM_TILE_N and GEMM_THREADS in matmul.cu. */
    static final int TILE_M = 64, TILE_N = 64, THREADS = 256;
    /** TC_THREADS in matmul_tc.cu (four warps, each a 32 × 32 quarter of the tile; TC_TILE_M, TC_TILE_N = 64). */
    static final int TENSOR_CORE_THREADS = 128;

    GemmSize {
        if (outer < 0 || inner < 1 || sums < 0 || m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException("matmul: bad GEMM extents " + this);
    }

    /** Blocks of the launch: ⌈m/64⌉·⌈n/64⌉·outer·inner (0 when C is empty). */
    long blocks() {
        return ceilDiv(m, TILE_M) * ceilDiv(n, TILE_N) * outer * inner;
    }

    private static long ceilDiv(int a, int b) {
        return (a + (long) b - 1) / b;
    }
}
