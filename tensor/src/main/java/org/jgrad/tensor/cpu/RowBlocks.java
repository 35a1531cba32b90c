package org.jgrad.tensor.cpu;

/**
 * A {@link StridedLoop} cut into blocks of at most {@link #BLOCK} elements of a row, run in
 * parallel: loops whose rows are long (an array that is one contiguous row has a single row) still
 * use every thread, and a block is small enough to widen into float buffers that stay in cache.
 */
final class RowBlocks {
    /** Elements per block. */
    static final int BLOCK = 1024;

    private RowBlocks() {}

    /** The body of one block: {@code n} elements of the row whose operand offsets are {@code starts}, from element {@code from} of the row. */
    interface Body {
        void run(int[] starts, int from, int n, float[][] buffers);
    }

    /** Runs {@code body} over every block of every row, in parallel, each worker with {@code buffers} float buffers of its own. */
    static void forEach(StridedLoop loop, int operands, int buffers, Body body) {
        int inner = loop.inner(), perRow = (inner + BLOCK - 1) / BLOCK, rows = loop.rows();
        if (rows == 0 || inner == 0) return;
        long units = (long) rows * perRow;
        if (units > Integer.MAX_VALUE) throw new IllegalStateException("elementwise loop too large: " + units + " blocks");
        CpuParallel.forRange((int) units, Math.max(1, ElementwiseKernels.GRAIN / BLOCK), (u0, u1) -> {
            float[][] buf = new float[buffers][BLOCK];
            int[] at = new int[operands];
            for (int u = u0; u < u1; u++) {
                int row = u / perRow, from = (u % perRow) * BLOCK;
                loop.rowStarts(row, at);
                body.run(at, from, Math.min(BLOCK, inner - from), buf);
            }
        });
    }
}
