package org.jgrad.tensor.cpu;

import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Walks several operands of one shape together, row by row. Axes of size 1 are dropped and
 * neighbouring axes that are contiguous with each other in every operand are merged, so a
 * contiguous array is one long row, and a transposed one a short loop of long strided rows.
 *
 * <p>Usage: for each row {@code r} in {@code [0, rows())}, {@link #rowStarts} gives every
 * operand's storage index of the row's first element; the next elements follow at
 * {@link #innerStride(int)} steps, {@link #inner()} of them.
 */
final class StridedLoop {
    private final int[] shape;      // coalesced, rank ≥ 1
    private final int[][] strides;  // [operand][axis]
    private final int[] offsets;
    private final int rows;

    private StridedLoop(int[] shape, int[][] strides, int[] offsets) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        int r = 1;
        for (int i = 0; i < shape.length - 1; i++) r *= shape[i];
        this.rows = shape[shape.length - 1] == 0 ? 0 : r;
    }

    /** Operands that all have {@code shape} (broadcast ones with stride 0). */
    static StridedLoop of(int[] shape, NDArray... operands) {
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        for (int k = 0; k < operands.length; k++) {
            strides[k] = operands[k].strides();
            offsets[k] = operands[k].offset();
        }
        return of(shape, strides, offsets);
    }

    /** Operands given by raw strides and offsets over {@code shape}. */
    static StridedLoop of(int[] shape, int[][] strides, int[] offsets) {
        int ops = strides.length;
        int[] s = new int[Math.max(1, shape.length)];
        int[][] st = new int[ops][s.length];
        int rank = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == 1) continue;
            boolean merge = rank > 0;
            for (int k = 0; merge && k < ops; k++) merge = st[k][rank - 1] == strides[k][axis] * shape[axis];
            if (merge) {
                s[rank - 1] *= shape[axis];
                for (int k = 0; k < ops; k++) st[k][rank - 1] = strides[k][axis];
            } else {
                s[rank] = shape[axis];
                for (int k = 0; k < ops; k++) st[k][rank] = strides[k][axis];
                rank++;
            }
        }
        if (Shapes.numel(shape) == 0) {
            rank = 1;
            s[0] = 0;
        } else if (rank == 0) {
            rank = 1;
            s[0] = 1;
        }
        int[] finalShape = java.util.Arrays.copyOf(s, rank);
        int[][] finalStrides = new int[ops][];
        for (int k = 0; k < ops; k++) finalStrides[k] = java.util.Arrays.copyOf(st[k], rank);
        return new StridedLoop(finalShape, finalStrides, offsets.clone());
    }

    int rows() {
        return rows;
    }

    /** Elements per row. */
    int inner() {
        return shape[shape.length - 1];
    }

    /** Step between consecutive elements of a row for operand {@code k}. */
    int innerStride(int k) {
        return strides[k][shape.length - 1];
    }

    /** Total elements. */
    long size() {
        return (long) rows * inner();
    }

    /** Rows per parallel task so that each task gets about {@code grainElements} elements. */
    int rowGrain(int grainElements) {
        return Math.max(1, grainElements / Math.max(1, inner()));
    }

    /** Writes into {@code starts[k]} the storage index of the first element of row {@code row} for every operand. */
    void rowStarts(int row, int[] starts) {
        for (int k = 0; k < offsets.length; k++) starts[k] = offsets[k];
        int rest = row;
        for (int axis = shape.length - 2; axis >= 0; axis--) {
            int coordinate = rest % shape[axis];
            rest /= shape[axis];
            for (int k = 0; k < offsets.length; k++) starts[k] += coordinate * strides[k][axis];
        }
    }
}
