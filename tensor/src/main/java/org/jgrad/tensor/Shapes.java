package org.jgrad.tensor;

import java.util.Arrays;

/** Arithmetic on shapes and strides, shared by the views and every backend. */
public final class Shapes {
    private Shapes() {}

    /** The index (i0, ..., ik) of the element at row-major position {@code flat} of {@code shape}. */
    public static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            index[k] = flat % shape[k];
            flat /= shape[k];
        }
        return index;
    }

    /** Number of elements of a shape; 1 for a scalar (rank 0). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE)
            throw new IllegalArgumentException("shape " + format(shape) + " has " + n
                    + " elements, more than the 2^31-1 an NDArray can hold");
        return (int) n;
    }

    /** Row-major strides of a contiguous array: the last axis has stride 1. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** True when an array with this shape and these strides is laid out row-major without gaps. */
    public static boolean isContiguous(int[] shape, int[] strides) {
        for (int d : shape) if (d == 0) return true; // no elements: any strides will do
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /**
     * NumPy broadcasting: shapes are aligned on the right; each pair of sizes must be equal or one
     * of them 1. Throws naming the op and both shapes otherwise.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " cannot be broadcast (axis " + i + " of the result: " + da + " vs " + db + ")");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Maps a possibly negative axis into {@code [0, rank)}, or throws naming the op. */
    public static int normalizeAxis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1) || (rank == 0 && a != 0))
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for an array of rank "
                    + rank + " (expected " + -Math.max(rank, 1) + " to " + (Math.max(rank, 1) - 1) + ")");
        return a;
    }

    /** Normalizes a non-empty set of axes; rejects an empty set (use the all-axes overloads) and repeats. */
    public static boolean[] axisMask(String op, int[] axes, int rank) {
        boolean[] mask = new boolean[rank];
        if (axes.length == 0)
            throw new IllegalArgumentException(op + ": the axis list is empty; an empty list does not mean all axes: call " + op
                    + "() or " + op + "(keepDim) to reduce over all axes");
        for (int axis : axes) {
            int a = normalizeAxis(op, axis, rank);
            if (a >= rank) continue; // axis 0 of a scalar: nothing to reduce
            if (mask[a]) throw new IllegalArgumentException(op + ": axis " + axis + " appears twice in " + Arrays.toString(axes));
            mask[a] = true;
        }
        return mask;
    }

    /** The mask of a reduction over all {@code rank} axes (what the all-axes overloads, e.g. {@code sum()}, reduce). */
    public static boolean[] allAxes(int rank) {
        boolean[] mask = new boolean[rank];
        Arrays.fill(mask, true);
        return mask;
    }

    /** Checks that every size is non-negative. */
    public static void checkSizes(String op, int[] shape) {
        for (int d : shape)
            if (d < 0) throw new IllegalArgumentException(op + ": negative size in shape " + format(shape));
    }

    /** Formats a shape as PyTorch prints it: {@code (2, 3)}, {@code ()} for a scalar. */
    public static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }
}
