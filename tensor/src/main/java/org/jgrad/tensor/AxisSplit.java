package org.jgrad.tensor;

/**
 * An array's axes split by a mask into the kept ones (one output element per position, as in a
 * reduction) and the reduced ones, each with its shape and strides in the original order. Every
 * backend's reductions, arg-reductions and softmax walk arrays this way.
 *
 * @param keptShape      the extents of the unmasked axes
 * @param keptStrides    their strides
 * @param reducedShape   the extents of the masked axes
 * @param reducedStrides their strides
 */
public record AxisSplit(int[] keptShape, int[] keptStrides, int[] reducedShape, int[] reducedStrides) {
    /** Splits {@code x}'s axes: {@code reduced[i]} marks axis i as reduced. */
    public static AxisSplit of(NDArray x, boolean[] reduced) {
        int[] shape = x.shape(), strides = x.strides();
        int nr = 0;
        for (boolean r : reduced) if (r) nr++;
        int[] ks = new int[shape.length - nr], kst = new int[ks.length], rs = new int[nr], rst = new int[nr];
        for (int i = 0, k = 0, r = 0; i < shape.length; i++) {
            if (reduced[i]) { rs[r] = shape[i]; rst[r++] = strides[i]; }
            else { ks[k] = shape[i]; kst[k++] = strides[i]; }
        }
        return new AxisSplit(ks, kst, rs, rst);
    }

    /** Splits off the one axis {@code axis} (the line of a softmax or an argmax). */
    public static AxisSplit alongAxis(NDArray x, int axis) {
        boolean[] mask = new boolean[x.rank()];
        mask[axis] = true;
        return of(x, mask);
    }
}
