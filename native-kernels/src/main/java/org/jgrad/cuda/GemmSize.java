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

    /**
     * The largest m, n and k the kernels take: they compute tile starts and edges in int
     * (row0 + r, k0 + kk, the next k0 = k0 + TILE_K, (n + 63) / 64), which stay below 2³¹ for
     * extents up to 2³¹ − 1 − 64 (64 = TILE_M = TILE_N, larger than both kernels' K slices).
     */
    static final int MAX_EXTENT = Integer.MAX_VALUE - 64;

    GemmSize {
        if (outer < 0 || inner < 1 || sums < 0 || m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException("matmul: bad GEMM extents " + this);
        if (!fits(m, n, k))
            throw new IllegalArgumentException("matmul: GEMM extents " + this + " above " + MAX_EXTENT + ", where the kernels' int tile arithmetic would wrap");
    }

    /** True when m, n and k are at most {@link #MAX_EXTENT}. */
    static boolean fits(int m, int n, int k) {
        return m <= MAX_EXTENT && n <= MAX_EXTENT && k <= MAX_EXTENT;
    }

    /** Blocks of the launch: ⌈m/64⌉·⌈n/64⌉·outer·inner (0 when C is empty). */
    long blocks() {
        return ceilDiv(m, TILE_M) * ceilDiv(n, TILE_N) * outer * inner;
    }

    private static long ceilDiv(int a, int b) {
        return (a + (long) b - 1) / b;
    }
}
