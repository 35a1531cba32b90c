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

    /** A Shape struct; its element count must fit the kernels' int (see {@link #elementCount}). */
    static int[] shape(int[] dims) {
        int[] packed = new int[2 + MAX_RANK];
        packed[0] = dims.length;
        long numel = 1;
        for (int d = 0; d < dims.length; d++) {
            packed[2 + d] = dims[d];
            numel = Math.min(numel * dims[d], 1L << 31); // capped, so the long never overflows; an extent 0 still gives 0
        }
        packed[1] = elementCount("shape " + java.util.Arrays.toString(dims), numel);
        return packed;
    }

    /**
     * {@code elements} as the int a kernel counts its elements in: common.cuh's Shape.numel and the
     * kernels' int arguments hold at most 2³¹ − 1 (their loops run a 64-bit counter up to it, the
     * positions they compute stay below it). A larger count would wrap silently on the device, so
     * it is a broken invariant here: the callers split or refuse such work before they launch.
     */
    static int elementCount(String what, long elements) {
        if (elements < 0 || elements > Integer.MAX_VALUE)
            throw new IllegalStateException(what + ": " + elements + " elements, more than the 2^31 - 1 a kernel's int count holds");
        return (int) elements;
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
