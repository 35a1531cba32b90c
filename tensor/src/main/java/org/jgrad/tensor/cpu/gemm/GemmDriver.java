package org.jgrad.tensor.cpu.gemm;

import org.jgrad.tensor.cpu.CpuParallel;

/**
 * The cache-blocked GEMM loop nest (the Goto/BLIS scheme), written once for both element types;
 * {@code T} is the array type ({@code float[]} in {@link FloatGemm}) and subclasses supply packing, the micro-kernel and
 * the few element-wise helpers.
 *
 * <pre>
 * for jc in steps of nc over n:                 B block kc×nc lives in L3, shared by all threads
 *   for pc in steps of kc over k:
 *     pack op(B)[pc:pc+kc, jc:jc+nc] into nr-wide micro-panels      (parallel over panels)
 *     split the mr-row panels of C among threads (or the nr-column panels when m is small):
 *       for ic in steps of mc over the thread's rows:
 *         pack op(A)[ic:ic+mc, pc:pc+kc] into mr-tall micro-panels  (mc×kc block lives in L2)
 *         for each B micro-panel (kc×nr, stays in L1):
 *           for each A micro-panel: micro-kernel on one mr×nr tile of C
 * </pre>
 *
 * The first k block overwrites C (unless {@code accumulate}); later k blocks add to it. Ragged tiles
 * at the right and bottom edges are computed in a scratch tile that starts from C's values exactly as
 * a full tile's accumulators do, and then copied back. Every element of C is produced by exactly one
 * thread, and its k-sum runs in the same order whatever the split and wherever its column sits in a
 * tile, so the result depends neither on the thread count nor on which columns share the call
 * (conv2d puts a varying number of samples side by side in one GEMM). Packing buffers live in a per-thread workspace that
 * grows on demand and is reused across calls.
 */
abstract class GemmDriver<T> {
    /** Below this many flops the call stays on the calling thread. */
    private static final long PARALLEL_MIN_FLOPS = 1L << 21;

    final int mr;
    final int nr;
    final int kc;
    final int mc;
    final int nc;
    private final ThreadLocal<Workspace<T>> workspace = ThreadLocal.withInitial(Workspace::new);

    /** Per-thread scratch: the packed A block, the packed B block (calling thread only), the edge tile. */
    private static final class Workspace<T> {
        T packA;
        T packB;
        T tile;
    }

    GemmDriver(int mr, int nr, int kc, int mc, int nc) {
        this.mr = mr;
        this.nr = nr;
        this.kc = Math.max(1, kc);
        this.mc = Math.max(1, mc / mr) * mr;
        this.nc = Math.max(1, nc / nr) * nr;
    }

    abstract T newArray(int length);

    abstract int length(T array);

    abstract void packA(boolean transA, T a, int aOff, int lda, int row0, int rows, int p0, int kb, T dst, int dstOff);

    abstract void packB(boolean transB, T b, int bOff, int ldb, int p0, int kb, int col0, int cols, T dst, int dstOff);

    /** One full mr×nr tile, see {@link FloatMicroKernel#compute}. */
    abstract void kernel(int kb, T a, int aOff, T b, int bOff, T c, int cOff, int ldc, boolean overwrite);


    /** Sets an m×n block of C to zero. */
    abstract void clear(T c, int cOff, int ldc, int m, int n);

    final void gemm(boolean transA, boolean transB, int m, int n, int k,
                    T a, int aOff, int lda, T b, int bOff, int ldb, T c, int cOff, int ldc,
                    boolean accumulate, boolean parallel) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (!accumulate) clear(c, cOff, ldc, m, n);
            return;
        }
        boolean par = parallel && CpuParallel.threads() > 1 && 2L * m * n * k >= PARALLEL_MIN_FLOPS;
        int mPanels = (m + mr - 1) / mr;
        Workspace<T> ws = workspace.get();
        for (int jc = 0; jc < n; jc += nc) {
            int nb = Math.min(nc, n - jc);
            int nPanels = (nb + nr - 1) / nr;
            for (int pc = 0; pc < k; pc += kc) {
                int kb = Math.min(kc, k - pc);
                boolean overwrite = pc == 0 && !accumulate;
                T packB = ws.packB = ensure(ws.packB, nPanels * nr * kb);
                final int p0 = pc, j0 = jc;
                run(par, nPanels, (s, e) -> {
                    for (int q = s; q < e; q++) {
                        packB(transB, b, bOff, ldb, p0, kb, j0 + q * nr, Math.min(nr, nb - q * nr), packB, q * nr * kb);
                    }
                });
                Block<T> block = new Block<>(transA, m, kb, p0, j0, nb, a, aOff, lda, packB, c, cOff, ldc, overwrite);
                if (mPanels >= 2 * CpuParallel.threads() || mPanels >= nPanels) {
                    run(par, mPanels, (s, e) -> macroKernel(block, s, e, 0, nPanels));
                } else {
                    run(par, nPanels, (s, e) -> macroKernel(block, 0, mPanels, s, e));
                }
            }
        }
    }

    /** What one (jc, pc) step shares among threads. */
    private record Block<T>(boolean transA, int m, int kb, int p0, int j0, int nb, T a, int aOff, int lda,
                            T packB, T c, int cOff, int ldc, boolean overwrite) {}

    /** Row panels [r0, r1) × column panels [q0, q1) of the current block, on the current thread. */
    private void macroKernel(Block<T> blk, int r0, int r1, int q0, int q1) {
        Workspace<T> ws = workspace.get();
        int kb = blk.kb, panelA = mr * kb, panelB = nr * kb, mcPanels = mc / mr;
        T packA = ws.packA = ensure(ws.packA, Math.min(mcPanels, r1 - r0) * panelA);
        T tile = ws.tile = ensure(ws.tile, mr * nr);
        T packB = blk.packB, c = blk.c;
        for (int rs = r0; rs < r1; rs += mcPanels) {
            int re = Math.min(r1, rs + mcPanels);
            for (int r = rs; r < re; r++) {
                int row0 = r * mr;
                packA(blk.transA, blk.a, blk.aOff, blk.lda, row0, Math.min(mr, blk.m - row0), blk.p0, kb,
                        packA, (r - rs) * panelA);
            }
            for (int q = q0; q < q1; q++) {
                int col0 = q * nr, cols = Math.min(nr, blk.nb - col0);
                for (int r = rs; r < re; r++) {
                    int row0 = r * mr, rows = Math.min(mr, blk.m - row0);
                    int cIdx = blk.cOff + row0 * blk.ldc + blk.j0 + col0;
                    if (rows == mr && cols == nr) {
                        kernel(kb, packA, (r - rs) * panelA, packB, q * panelB, c, cIdx, blk.ldc, blk.overwrite);
                    } else {
                        if (!blk.overwrite) copyTile(c, cIdx, blk.ldc, tile, 0, nr, rows, cols);
                        kernel(kb, packA, (r - rs) * panelA, packB, q * panelB, tile, 0, nr, blk.overwrite);
                        copyTile(tile, 0, nr, c, cIdx, blk.ldc, rows, cols);
                    }
                }
            }
        }
    }

    /** Copies a rows×cols block between C and the edge tile (row strides given). */
    private static void copyTile(Object from, int fromOff, int fromStride, Object to, int toOff, int toStride,
                                 int rows, int cols) {
        for (int i = 0; i < rows; i++) System.arraycopy(from, fromOff + i * fromStride, to, toOff + i * toStride, cols);
    }

    private T ensure(T buf, int length) {
        return buf != null && length(buf) >= length ? buf : newArray(length);
    }

    private static void run(boolean parallel, int n, CpuParallel.RangeBody body) {
        if (parallel) CpuParallel.forRange(n, 1, body);
        else body.run(0, n);
    }
}
