package org.jgrad.tensor.tour;

import org.jgrad.tensor.NDArray;

/**
 * Where each element of an array lives in its storage, worked out from the metadata alone: element
 * {@code (i0, i1, ...)} is at {@code offset + Σ i_k · strides[k]}. The tour's page 1 prints and draws
 * these positions and checks them against the values the array reads.
 */
final class StorageMap {
    private StorageMap() {}

    /** The storage position of every element, in row-major order of the array's shape. */
    static int[] positions(NDArray view) {
        int[] shape = view.shape(), strides = view.strides();
        int[] out = new int[view.numel()];
        int[] index = new int[shape.length];
        for (int n = 0; n < out.length; n++) {
            int pos = view.offset();
            for (int k = 0; k < shape.length; k++) pos += index[k] * strides[k];
            out[n] = pos;
            for (int k = shape.length - 1; k >= 0; k--) {   // next index, last axis fastest
                if (++index[k] < shape[k]) break;
                index[k] = 0;
            }
        }
        return out;
    }

    /** The positions as text, one row per row of a 2-D view: {@code [0 1 2 3 | 4 5 6 7]}. */
    static String format(NDArray view) {
        int[] pos = positions(view);
        int rowLength = view.rank() == 0 ? 1 : view.shape(view.rank() - 1);
        StringBuilder sb = new StringBuilder("[");
        for (int n = 0; n < pos.length; n++) {
            if (n > 0) sb.append(n % rowLength == 0 ? " | " : " ");
            sb.append(pos[n]);
        }
        return sb.append(']').toString();
    }
}
