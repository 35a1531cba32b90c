package org.jgrad.tensor;

import java.util.Arrays;

/** cat, stack, split, chunk and pad, built from views and {@link Backend#copy}. */
final class Joining {
    private Joining() {}

    /** Arrays of equal shape except along {@code axis}, joined along it; dtypes are promoted. */
    static NDArray cat(int axis, NDArray... arrays) {
        if (arrays.length == 0) throw new IllegalArgumentException("cat: needs at least one array");
        NDArray first = arrays[0];
        int a = Shapes.normalizeAxis("cat", axis, first.rank());
        if (first.rank() == 0) throw new IllegalArgumentException("cat: cannot join rank-0 arrays; use stack");
        int[] outShape = first.shape();
        outShape[a] = 0;
        DType t = first.dtype();
        for (NDArray x : arrays) {
            first.requireSameDevice("cat", x);
            int[] s = x.shape();
            boolean compatible = s.length == outShape.length;
            for (int d = 0; compatible && d < s.length; d++) compatible = d == a || s[d] == outShape[d];
            if (!compatible)
                throw new IllegalArgumentException("cat: shapes " + Shapes.format(first.shape()) + " and " + Shapes.format(s)
                        + " differ outside axis " + axis);
            outShape[a] += s[a];
            t = DType.promote(t, x.dtype());
        }
        NDArray out = NDArray.zeros(t, first.device(), outShape);
        int at = 0;
        for (NDArray x : arrays) {
            int n = x.shape(a);
            if (n > 0) first.backend().copy(x, out.narrow(a, at, n));
            at += n;
        }
        return out;
    }

    /** Arrays of one shape joined along a new axis. */
    static NDArray stack(int axis, NDArray... arrays) {
        if (arrays.length == 0) throw new IllegalArgumentException("stack: needs at least one array");
        int a = Shapes.normalizeAxis("stack", axis, arrays[0].rank() + 1);
        NDArray[] expanded = new NDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            if (!Arrays.equals(arrays[i].shape(), arrays[0].shape()))
                throw new IllegalArgumentException("stack: all arrays need one shape, got " + Shapes.format(arrays[0].shape())
                        + " and " + Shapes.format(arrays[i].shape()));
            expanded[i] = arrays[i].unsqueeze(a);
        }
        return cat(a, expanded);
    }

    /** Consecutive views of the given sizes along {@code axis}; the sizes must add up to the axis. */
    static NDArray[] split(NDArray x, int axis, int... sizes) {
        int a = Shapes.normalizeAxis("split", axis, x.rank());
        int total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            total += s;
        }
        if (total != x.shape(a))
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + total + ", not to the size "
                    + x.shape(a) + " of axis " + axis + " of " + Shapes.format(x.shape()));
        NDArray[] parts = new NDArray[sizes.length];
        for (int i = 0, at = 0; i < sizes.length; at += sizes[i], i++) parts[i] = x.narrow(a, at, sizes[i]);
        return parts;
    }

    /** PyTorch's chunk: pieces of ceil(n / chunks) along {@code axis}, the last one smaller; possibly fewer than {@code chunks}. */
    static NDArray[] chunk(NDArray x, int chunks, int axis) {
        if (chunks < 1) throw new IllegalArgumentException("chunk: chunks must be >= 1, got " + chunks);
        int a = Shapes.normalizeAxis("chunk", axis, x.rank());
        int n = x.shape(a), size = Math.max(1, (n + chunks - 1) / chunks);
        int count = n == 0 ? 1 : (n + size - 1) / size;
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) sizes[i] = Math.min(size, n - i * size);
        return split(x, a, sizes);
    }

    /** Constant padding of the trailing axes: {@code (before, after)} pairs starting with the last axis; negative crops. */
    static NDArray pad(NDArray x, int[] padding, double value) {
        if (padding.length % 2 != 0 || padding.length / 2 > x.rank())
            throw new IllegalArgumentException("pad: padding " + Arrays.toString(padding) + " must hold (before, after) pairs for at most the "
                    + x.rank() + " axes of " + Shapes.format(x.shape()));
        int[] outShape = x.shape();
        NDArray source = x;
        for (int p = 0; p < padding.length / 2; p++) {
            int axis = x.rank() - 1 - p, before = padding[2 * p], after = padding[2 * p + 1];
            outShape[axis] += before + after;
            if (outShape[axis] < 0)
                throw new IllegalArgumentException("pad: padding " + Arrays.toString(padding) + " leaves a negative size on axis " + axis + " of " + Shapes.format(x.shape()));
            int cropBefore = Math.max(0, -before), cropAfter = Math.max(0, -after);
            int kept = Math.max(0, source.shape(axis) - cropBefore - cropAfter);
            source = source.narrow(axis, Math.min(cropBefore, source.shape(axis)), kept);
        }
        NDArray out = NDArray.full(value, x.dtype(), outShape).to(x.device());
        NDArray target = out;
        for (int p = 0; p < padding.length / 2; p++) {
            int axis = x.rank() - 1 - p;
            // when the crop on the far side eats into the padding, nothing is copied: keep the start in range
            int start = Math.min(Math.max(0, padding[2 * p]), target.shape(axis) - source.shape(axis));
            target = target.narrow(axis, start, source.shape(axis));
        }
        if (source.numel() > 0) x.backend().copy(source, target);
        return out;
    }
}
