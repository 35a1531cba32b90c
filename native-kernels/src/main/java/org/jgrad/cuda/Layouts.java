package org.jgrad.cuda;

import org.jgrad.tensor.NDArray;

/**
 * Packs shapes and strided views into the by-value kernel parameters of {@code common.cuh}:
 * {@code struct Shape {int rank, numel, dims[8];}} as {@code int[10]} and
 * {@code struct Strided {int offset, strides[8];}} as {@code int[9]}. Both are plain int structs,
 * so the Java arrays have exactly their layout.
 */
final class Layouts {
    /** JG_MAX_RANK in common.cuh. */
    static final int MAX_RANK = 8;

    private Layouts() {}

    /** True when every array has a rank the kernels can index. */
    static boolean fits(NDArray... arrays) {
        for (NDArray a : arrays) if (a.rank() > MAX_RANK) return false;
        return true;
    }

    static int[] shape(int[] dims) {
        int[] packed = new int[2 + MAX_RANK];
        packed[0] = dims.length;
        int numel = 1;
        for (int d = 0; d < dims.length; d++) {
            packed[2 + d] = dims[d];
            numel *= dims[d];
        }
        packed[1] = numel;
        return packed;
    }

    /** The view of {@code a} with its own strides (a has the launch's shape, broadcast axes with stride 0). */
    static int[] strided(NDArray a) {
        return strided(a.offset(), a.strides());
    }

    static int[] strided(int offset, int[] strides) {
        int[] packed = new int[1 + MAX_RANK];
        packed[0] = offset;
        System.arraycopy(strides, 0, packed, 1, strides.length);
        return packed;
    }
}
