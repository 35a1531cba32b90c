package org.jgrad.tensor;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Random;
import org.jgrad.tensor.Reference.Dense;

/**
 * Seeded random shapes, values and layouts. {@link #array} returns an NDArray together with the
 * values it should hold (already rounded to its dtype), laid out contiguously or as a view of a
 * larger array: permuted, sliced with a step, narrowed at an offset, or expanded (stride 0).
 */
public final class RandomArrays {
    public enum Layout { CONTIGUOUS, PERMUTED, STEPPED, OFFSET, EXPANDED, PERMUTED_STEPPED }

    /** An array and the values it must hold. */
    public record Arr(NDArray array, Dense expected, Layout layout) {
        public int[] shape() { return expected.shape(); }
        @Override public String toString() {
            return array.dtype() + Arrays.toString(expected.shape()) + " " + layout + " strides=" + Arrays.toString(array.strides())
                    + " offset=" + array.offset();
        }
    }

    public final long seed;
    public final Random rnd;

    public RandomArrays(long seed) {
        this.seed = seed;
        this.rnd = new Random(seed);
    }

    /** Rank 0–4, sizes 0–5 with size-1 and (rarely) size-0 dims. */
    public int[] shape() {
        return shape(rnd.nextInt(5), true);
    }

    public int[] shape(int rank, boolean allowEmpty) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            int r = rnd.nextInt(12);
            s[i] = r == 0 && allowEmpty ? 0 : r < 4 ? 1 : 2 + rnd.nextInt(4);
        }
        return s;
    }

    /** A shape that broadcasts with {@code s}: some dims set to 1, leading dims dropped or added. */
    public int[] broadcastPartner(int[] s) {
        int drop = s.length == 0 ? 0 : rnd.nextInt(s.length + 1);
        int add = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0;
        if (s.length - drop + add > 5) add = 0;
        int[] out = new int[s.length - drop + add];
        for (int i = 0; i < out.length; i++) {
            int j = i + s.length - out.length; // the axis of s this one aligns with
            if (j < 0) out[i] = rnd.nextInt(3) == 0 ? 1 : 2 + rnd.nextInt(2);
            else out[i] = rnd.nextInt(3) == 0 ? 1 : s[j];
        }
        return out;
    }

    public Layout layout() {
        Layout[] all = Layout.values();
        return all[rnd.nextInt(all.length)];
    }

    /** One random value of the kind wanted, exactly representable in {@code dtype}. */
    public double value(DType dtype, boolean specials) {
        if (specials && dtype.isFloating() && rnd.nextInt(10) == 0) {
            double[] sp = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};
            return sp[rnd.nextInt(sp.length)];
        }
        return switch (dtype) {
            case BOOL -> rnd.nextBoolean() ? 1 : 0;
            case INT32, INT64 -> rnd.nextInt(21) - 10;
            case FLOAT16 -> (rnd.nextInt(1025) - 512) / 64.0;
            case BFLOAT16 -> (rnd.nextInt(257) - 128) / 32.0;
            case FLOAT32 -> (float) (rnd.nextDouble() * 8 - 4);
            case FLOAT64 -> rnd.nextDouble() * 8 - 4;
        };
    }

    public double[] values(int n, DType dtype, boolean specials) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = value(dtype, specials);
        return v;
    }

    public Arr array(int[] shape, DType dtype) {
        return array(shape, dtype, layout(), false);
    }

    public Arr array(int[] shape, DType dtype, Layout layout, boolean specials) {
        if (layout == Layout.EXPANDED) {
            int[] base = shape.clone();
            boolean any = false;
            for (int i = 0; i < base.length; i++) if (base[i] > 1 && rnd.nextBoolean()) { base[i] = 1; any = true; }
            if (!any && base.length > 0 && base[0] > 1) base[0] = 1;
            Arr small = array(base, dtype, Layout.CONTIGUOUS, specials);
            Dense full = Reference.binary(small.expected, Dense.zeros(shape), (a, b) -> a);
            return new Arr(small.array.expand(shape), full, layout);
        }
        return array(values(Reference.count(shape), dtype, specials), shape, dtype, layout);
    }

    /** {@code values} (row-major, of {@code shape}) as an array of the given layout. */
    public Arr array(double[] values, int[] shape, DType dtype, Layout layout) {
        Dense want = new Dense(shape.clone(), values.clone());
        int r = shape.length;
        switch (layout) {
            case CONTIGUOUS, EXPANDED -> {
                return new Arr(build(want, dtype), want, Layout.CONTIGUOUS);
            }
            case PERMUTED -> {
                int[] order = permutation(r);
                // base axis order[k] has size shape[k]; base[j] with j[order[k]] = i[k] holds want[i]
                int[] inv = new int[r];
                for (int k = 0; k < r; k++) inv[order[k]] = k;
                Dense base = Reference.permute(want, inv);
                return new Arr(build(base, dtype).permute(order), want, layout);
            }
            case STEPPED, OFFSET -> {
                if (r == 0) return array(values, shape, dtype, Layout.CONTIGUOUS);
                int axis = rnd.nextInt(r), step = layout == Layout.STEPPED ? 2 + rnd.nextInt(2) : 1, start = 1 + rnd.nextInt(2);
                int[] bigShape = shape.clone();
                bigShape[axis] = start + shape[axis] * step + rnd.nextInt(2);
                Dense big = new Dense(bigShape, values(Reference.count(bigShape), dtype, false));
                for (int o = 0; o < want.numel(); o++) {
                    int[] idx = Reference.unflat(shape, o);
                    idx[axis] = start + idx[axis] * step;
                    big.data()[Reference.flat(bigShape, idx)] = values[o];
                }
                NDArray b = build(big, dtype);
                NDArray view = layout == Layout.STEPPED
                        ? b.slice(axis, start, start + Math.max(0, (shape[axis] - 1) * step + 1), step)
                        : b.narrow(axis, start, shape[axis]);
                if (shape[axis] == 0) view = b.narrow(axis, start, 0);
                return new Arr(view, want, layout);
            }
            case PERMUTED_STEPPED -> {
                if (r < 2) return array(values, shape, dtype, Layout.STEPPED);
                int[] order = permutation(r), inv = new int[r];
                for (int k = 0; k < r; k++) inv[order[k]] = k;
                Dense base = Reference.permute(want, inv);
                Arr stepped = array(base.data(), base.shape(), dtype, Layout.STEPPED);
                return new Arr(stepped.array.permute(order), want, layout);
            }
            default -> throw new AssertionError(layout);
        }
    }

    public int[] permutation(int r) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = i;
        for (int i = r - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A contiguous array of {@code dtype} holding {@code d}, built with fromArray (scalar/zeros for rank 0 and empty). */
    public static NDArray build(Dense d, DType dtype) {
        if (d.numel() == 0) return NDArray.zeros(dtype, d.shape());
        if (d.rank() == 0) return NDArray.scalar(d.data()[0], dtype);
        Class<?> elem = switch (dtype) {
            case BOOL -> boolean.class;
            case INT32 -> int.class;
            case INT64 -> long.class;
            case FLOAT32 -> float.class;
            case FLOAT64, FLOAT16, BFLOAT16 -> double.class;
        };
        Object arr = Array.newInstance(elem, d.shape());
        for (int f = 0; f < d.numel(); f++) {
            int[] idx = Reference.unflat(d.shape(), f);
            Object row = arr;
            for (int k = 0; k < idx.length - 1; k++) row = Array.get(row, idx[k]);
            int last = idx[idx.length - 1];
            double v = d.data()[f];
            switch (dtype) {
                case BOOL -> Array.setBoolean(row, last, v != 0);
                case INT32 -> Array.setInt(row, last, (int) v);
                case INT64 -> Array.setLong(row, last, (long) v);
                case FLOAT32 -> Array.setFloat(row, last, (float) v);
                default -> Array.setDouble(row, last, v);
            }
        }
        NDArray x = NDArray.fromArray(arr);
        return dtype.isHalf() ? x.to(dtype) : x;
    }
}
