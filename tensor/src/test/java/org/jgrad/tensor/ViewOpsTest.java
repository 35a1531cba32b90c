package org.jgrad.tensor;

import static org.jgrad.tensor.OpAssert.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.tensor.RandomArrays.Arr;
import org.jgrad.tensor.Reference.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Property tests of the views: they copy nothing, show the right values, and compose as they should. */
class ViewOpsTest {
    static Stream<Long> seeds() {
        return Stream.iterate(3000L, s -> s + 1).limit(40);
    }

    static DType dtypeFor(long seed) {
        DType[] all = DType.values();
        return all[(int) (seed % all.length)];
    }

    static void assertSameStorage(NDArray base, NDArray view, String what) {
        assertSame(base.storage(), view.storage(), what + " must share storage");
    }

    /** Random shape with the same number of elements, possibly with a -1. */
    static int[] refactor(RandomArrays r, int numel, boolean allowInfer) {
        List<Integer> dims = new ArrayList<>();
        int n = numel;
        if (n == 0) {
            dims.add(0);
            for (int i = r.rnd.nextInt(3); i > 0; i--) dims.add(1 + r.rnd.nextInt(3));
        } else {
            for (int p = 2; n > 1; ) {
                if (n % p == 0) { dims.add(p); n /= p; } else p++;
            }
            for (int i = r.rnd.nextInt(3); i > 0; i--) dims.add(1);
        }
        java.util.Collections.shuffle(dims, r.rnd);
        // merge some neighbours
        List<Integer> merged = new ArrayList<>();
        for (int d : dims) {
            if (!merged.isEmpty() && r.rnd.nextBoolean() && merged.size() > 0) merged.set(merged.size() - 1, merged.get(merged.size() - 1) * d);
            else merged.add(d);
        }
        int[] s = merged.stream().mapToInt(Integer::intValue).toArray();
        if (allowInfer && numel > 0 && s.length > 0 && r.rnd.nextInt(3) == 0) s[r.rnd.nextInt(s.length)] = -1;
        return s;
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void permuteThenInverseIsIdentity(long seed) {
        RandomArrays r = new RandomArrays(seed);
        Arr x = r.array(r.shape(), dtypeFor(seed));
        int[] order = r.permutation(x.shape().length), inv = new int[order.length];
        for (int k = 0; k < order.length; k++) inv[order[k]] = k;
        NDArray p = x.array().permute(order);
        assertSameStorage(x.array(), p, "permute");
        assertValues(Reference.permute(x.expected(), order), p, "permute " + Arrays.toString(order) + " of " + x);
        NDArray back = p.permute(inv);
        assertArrayEquals(x.array().shape(), back.shape());
        assertArrayEquals(x.array().strides(), back.strides(), "strides after permute∘inverse of " + x);
        assertEquals(x.array().offset(), back.offset());
        assertValues(x.expected(), back, "permute∘inverse of " + x);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void transposeTwiceAndMT(long seed) {
        RandomArrays r = new RandomArrays(seed);
        Arr x = r.array(r.shape(2 + r.rnd.nextInt(3), true), dtypeFor(seed));
        int rank = x.shape().length, a = r.rnd.nextInt(rank), b = r.rnd.nextInt(rank) - rank;
        NDArray t = x.array().transpose(a, b);
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) order[i] = i;
        order[a] = b + rank;
        order[b + rank] = a;
        assertValues(Reference.permute(x.expected(), order), t, "transpose " + a + "," + b + " of " + x);
        NDArray tt = t.transpose(a, b);
        assertArrayEquals(x.array().strides(), tt.strides());
        assertValues(x.expected(), tt, "transpose twice of " + x);
        order = new int[rank];
        for (int i = 0; i < rank; i++) order[i] = i;
        order[rank - 2] = rank - 1;
        order[rank - 1] = rank - 2;
        assertValues(Reference.permute(x.expected(), order), x.array().mT(), "mT of " + x);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void reshapeRoundTripsAndKeepsRowMajorOrder(long seed) {
        RandomArrays r = new RandomArrays(seed);
        Arr x = r.array(r.shape(), dtypeFor(seed));
        int[] orig = x.shape();
        int[] target = refactor(r, x.expected().numel(), true);
        NDArray y = x.array().reshape(target);
        int[] resolved = target.clone();
        for (int i = 0; i < resolved.length; i++) if (resolved[i] == -1) resolved[i] = x.expected().numel() / Math.max(1, -Reference.count(target));
        assertValues(new Dense(resolved, x.expected().data()), y, "reshape " + Arrays.toString(target) + " of " + x);
        if (x.array().isContiguous()) assertSameStorage(x.array(), y, "reshape of a contiguous array");
        assertValues(x.expected(), y.reshape(orig), "reshape round trip " + Arrays.toString(target) + " of " + x);
        NDArray f = x.array().flatten();
        assertValues(new Dense(new int[] {x.expected().numel()}, x.expected().data()), f, "flatten of " + x);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void viewSharesStorageOrThrowsAndReshapeThenCopies(long seed) {
        RandomArrays r = new RandomArrays(seed);
        Arr x = r.array(r.shape(), dtypeFor(seed));
        int[] target = refactor(r, x.expected().numel(), false);
        NDArray v;
        try {
            v = x.array().view(target);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("view:"), e.getMessage());
            assertTrue(!x.array().isContiguous(), "view of a contiguous array must not fail: " + x + " -> " + Arrays.toString(target));
            NDArray copy = x.array().reshape(target);
            assertNotSame(x.array().storage(), copy.storage(), "reshape of a non-viewable layout copies");
            assertTrue(copy.isContiguous());
            assertValues(new Dense(target, x.expected().data()), copy, "reshape copy of " + x);
            return;
        }
        assertSameStorage(x.array(), v, "view");
        assertValues(new Dense(target, x.expected().data()), v, "view " + Arrays.toString(target) + " of " + x);
        // every element of the view lives where its strides say, inside the storage of x
        for (int f = 0; f < v.numel(); f++) {
            int[] idx = Reference.unflat(v.shape(), f);
            int at = v.offset();
            for (int k = 0; k < idx.length; k++) at += idx[k] * v.stride(k);
            assertTrue(at >= 0 && at < v.storage().size(), "element " + Arrays.toString(idx) + " at " + at);
        }
    }

    @Test
    void viewThrowsOnTransposedAndReshapeCopies() {
        NDArray x = NDArray.arange(0, 6, 1, DType.FLOAT64).reshape(2, 3).mT();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.view(6));
        assertTrue(e.getMessage().contains("view") && e.getMessage().contains("(3, 2)"), e.getMessage());
        NDArray y = x.reshape(6);
        assertNotSame(x.storage(), y.storage());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, y.toDoubleArray());
        NDArray z = x.view(3, 1, 2); // splitting around a size-1 axis is still a view
        assertSame(x.storage(), z.storage());
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void narrowSliceSelectShowTheRightElements(long seed) {
        RandomArrays r = new RandomArrays(seed);
        Arr x = r.array(r.shape(1 + r.rnd.nextInt(4), true), dtypeFor(seed));
        int rank = x.shape().length, axis = r.rnd.nextInt(rank), n = x.shape()[axis];
        int start = n == 0 ? 0 : r.rnd.nextInt(n + 1), len = r.rnd.nextInt(n - start + 1);
        NDArray nv = x.array().narrow(axis - (r.rnd.nextBoolean() ? rank : 0), start, len);
        assertSameStorage(x.array(), nv, "narrow");
        assertValues(Reference.narrow(x.expected(), axis, start, len), nv, "narrow " + axis + "," + start + "," + len + " of " + x);

        int step = 1 + r.rnd.nextInt(3), s0 = r.rnd.nextInt(2 * n + 3) - n - 1, e0 = r.rnd.nextInt(2 * n + 3) - n - 1;
        NDArray sv = x.array().slice(axis, s0, e0, step);
        int lo = Math.min(Math.max(s0 < 0 ? s0 + n : s0, 0), n), hi = Math.min(Math.max(e0 < 0 ? e0 + n : e0, 0), n);
        List<Integer> picked = new ArrayList<>();
        for (int i = lo; i < hi; i += step) picked.add(i);
        long[] idx = picked.stream().mapToLong(Integer::longValue).toArray();
        assertSameStorage(x.array(), sv, "slice");
        assertValues(Reference.indexSelect(x.expected(), axis, idx), sv, "slice " + axis + "," + s0 + "," + e0 + "," + step + " of " + x);

        if (n > 0) {
            int i = r.rnd.nextInt(n), neg = r.rnd.nextBoolean() ? i - n : i;
            NDArray sel = x.array().select(axis, neg);
            Dense one = Reference.narrow(x.expected(), axis, i, 1);
            int[] s = new int[rank - 1];
            for (int k = 0, j = 0; k < rank; k++) if (k != axis) s[j++] = x.shape()[k];
            assertSameStorage(x.array(), sel, "select");
            assertValues(new Dense(s, one.data()), sel, "select " + axis + "," + neg + " of " + x);
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void expandAndBroadcastTo(long seed) {
        RandomArrays r = new RandomArrays(seed);
        int[] target = r.shape();
        int[] small = r.broadcastPartner(target);
        if (small.length > target.length) small = Arrays.copyOfRange(small, small.length - target.length, small.length);
        for (int i = 0; i < small.length; i++) if (small[i] != 1) small[i] = target[target.length - small.length + i];
        Arr x = r.array(small, dtypeFor(seed));
        NDArray e = x.array().expand(target);
        assertSameStorage(x.array(), e, "expand");
        for (int i = 0; i < target.length; i++) {
            int j = i - (target.length - small.length);
            if ((j < 0 || small[j] == 1) && target[i] != 1) assertEquals(0, e.stride(i), "expanded axis " + i + " has stride 0");
        }
        Dense want = Reference.binary(x.expected(), Dense.zeros(target), (a, b) -> a);
        assertValues(want, e, "expand " + Arrays.toString(target) + " of " + x);
        assertValues(want, x.array().broadcastTo(target), "broadcastTo");
        assertSame(x.array(), x.array().broadcastTo(small), "broadcastTo its own shape is the array itself");
        // -1 keeps a size
        if (small.length > 0) {
            int[] keep = target.clone();
            keep[target.length - small.length] = small[0] == 1 ? keep[target.length - small.length] : -1;
            assertValues(want, x.array().expand(keep), "expand with -1");
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void squeezeUnsqueezeAndFlattenRange(long seed) {
        RandomArrays r = new RandomArrays(seed);
        Arr x = r.array(r.shape(), dtypeFor(seed));
        int[] s = x.shape();
        int rank = s.length;
        int[] squeezed = Arrays.stream(s).filter(d -> d != 1).toArray();
        NDArray sq = x.array().squeeze();
        assertSameStorage(x.array(), sq, "squeeze");
        assertValues(new Dense(squeezed, x.expected().data()), sq, "squeeze of " + x);
        int at = r.rnd.nextInt(rank + 1);
        NDArray u = x.array().unsqueeze(at - (r.rnd.nextBoolean() ? rank + 1 : 0));
        int[] us = new int[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) us[i] = i == at ? 1 : s[j++];
        assertSameStorage(x.array(), u, "unsqueeze");
        assertValues(new Dense(us, x.expected().data()), u, "unsqueeze " + at + " of " + x);
        assertValues(x.expected(), u.squeeze(at), "squeeze(unsqueeze) of " + x);
        if (rank > 0) {
            int a = r.rnd.nextInt(rank);
            NDArray sa = x.array().squeeze(a);
            int[] want = s[a] == 1 ? Arrays.copyOf(s, 0) : s.clone();
            if (s[a] == 1) { want = new int[rank - 1]; for (int i = 0, j = 0; i < rank; i++) if (i != a) want[j++] = s[i]; }
            assertValues(new Dense(want, x.expected().data()), sa, "squeeze(" + a + ") of " + x);
            int b = a + r.rnd.nextInt(rank - a);
            int[] fs = new int[rank - (b - a)];
            int merged = 1;
            for (int i = a; i <= b; i++) merged *= s[i];
            for (int i = 0, j = 0; i < rank; i++) if (i < a || i > b) fs[j++] = s[i]; else if (i == a) fs[j++] = merged;
            assertValues(new Dense(fs, x.expected().data()), x.array().flatten(a, b), "flatten(" + a + "," + b + ") of " + x);
        }
    }

    @Test
    void contiguousOfAViewCopiesAndOfAContiguousArrayIsItself() {
        NDArray x = NDArray.arange(0, 24, 1, DType.FLOAT32).reshape(2, 3, 4);
        assertSame(x, x.contiguous());
        NDArray p = x.permute(2, 0, 1);
        NDArray c = p.contiguous();
        assertTrue(c.isContiguous());
        assertNotSame(p.storage(), c.storage());
        assertArrayEquals(p.toDoubleArray(), c.toDoubleArray());
        assertArrayEquals(new int[] {1, 12, 4}, p.strides());
    }
}
