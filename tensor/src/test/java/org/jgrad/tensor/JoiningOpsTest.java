package org.jgrad.tensor;

import static org.jgrad.tensor.OpAssert.assertClose;
import static org.jgrad.tensor.OpAssert.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.stream.Stream;
import org.jgrad.tensor.RandomArrays.Arr;
import org.jgrad.tensor.Reference.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** cat, stack, split, chunk and pad (with negative crops) against loop references. */
class JoiningOpsTest {
    static Stream<Long> seeds() {
        return Stream.iterate(9000L, s -> s + 1).limit(30);
    }

    static DType dtype(long seed) {
        return new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL, DType.FLOAT16, DType.BFLOAT16}[(int) (seed % 7)];
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void catAndStack(long seed) {
        RandomArrays r = new RandomArrays(seed);
        int[] s = r.shape(1 + r.rnd.nextInt(4), true);
        int rank = s.length, axis = r.rnd.nextInt(rank), count = 1 + r.rnd.nextInt(4);
        Arr[] parts = new Arr[count];
        NDArray[] arrays = new NDArray[count];
        Dense[] dense = new Dense[count];
        DType t = dtype(seed);
        for (int i = 0; i < count; i++) {
            int[] si = s.clone();
            si[axis] = r.rnd.nextInt(4);
            parts[i] = r.array(si, i == 1 && seed % 3 == 0 ? DType.FLOAT64 : t);
            arrays[i] = parts[i].array();
            dense[i] = parts[i].expected();
        }
        int ax = r.rnd.nextBoolean() ? axis : axis - rank;
        NDArray c = NDArray.cat(ax, arrays);
        assertEquals(count > 1 && seed % 3 == 0 ? DType.promote(t, DType.FLOAT64) : t, c.dtype());
        assertClose(Reference.cat(axis, dense), c, () -> "cat seed=" + seed + " axis=" + ax + " parts=" + Arrays.toString(parts));

        Arr[] same = new Arr[count];
        for (int i = 0; i < count; i++) { same[i] = r.array(s, t); arrays[i] = same[i].array(); dense[i] = same[i].expected(); }
        int sAxis = r.rnd.nextInt(rank + 1);
        assertClose(Reference.stack(sAxis, dense), NDArray.stack(sAxis, arrays), () -> "stack seed=" + seed + " axis=" + sAxis + " parts=" + Arrays.toString(same));
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void splitAndChunkAreViewsThatCoverTheAxis(long seed) {
        RandomArrays r = new RandomArrays(seed);
        int[] s = r.shape(1 + r.rnd.nextInt(4), true);
        int axis = r.rnd.nextInt(s.length);
        s[axis] = r.rnd.nextInt(8);
        Arr x = r.array(s, dtype(seed));
        int n = s[axis];
        int pieces = 1 + r.rnd.nextInt(4);
        int[] sizes = new int[pieces];
        int left = n;
        for (int i = 0; i < pieces - 1; i++) { sizes[i] = r.rnd.nextInt(left + 1); left -= sizes[i]; }
        sizes[pieces - 1] = left;
        NDArray[] parts = x.array().split(axis, sizes);
        assertEquals(pieces, parts.length);
        for (int i = 0, at = 0; i < pieces; at += sizes[i], i++) {
            assertSame(x.array().storage(), parts[i].storage());
            assertValues(Reference.narrow(x.expected(), axis, at, sizes[i]), parts[i], "split " + Arrays.toString(sizes) + " piece " + i + " of " + x);
        }
        int chunks = 1 + r.rnd.nextInt(5);
        NDArray[] ch = x.array().chunkAlong(axis - (r.rnd.nextBoolean() ? s.length : 0), chunks);
        int[] want = Reference.chunkSizes(n, chunks);
        assertEquals(want.length, ch.length, "chunk count for n=" + n + " chunks=" + chunks);
        for (int i = 0, at = 0; i < want.length; at += want[i], i++)
            assertValues(Reference.narrow(x.expected(), axis, at, want[i]), ch[i], "chunk " + chunks + " piece " + i + " of " + x);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void padWithNegativeCrop(long seed) {
        RandomArrays r = new RandomArrays(seed);
        int[] s = r.shape(1 + r.rnd.nextInt(4), true);
        Arr x = r.array(s, dtype(seed) == DType.BOOL ? DType.FLOAT32 : dtype(seed));
        int pairs = 1 + r.rnd.nextInt(s.length);
        int[] padding = new int[2 * pairs];
        for (int p = 0; p < pairs; p++) {
            int size = s[s.length - 1 - p];
            int before = r.rnd.nextInt(4) - Math.min(size, 2), after = r.rnd.nextInt(4) - 1;
            if (size + before + after < 0) after = -size - before;
            padding[2 * p] = before;
            padding[2 * p + 1] = after;
        }
        double value = x.array().dtype().isFloating() ? 2.5 : 7;
        NDArray y = x.array().pad(padding, value);
        assertArrayEquals(Reference.pad(x.expected(), padding, value).shape(), y.shape());
        assertClose(Reference.pad(x.expected(), padding, value), y, () -> "pad " + Arrays.toString(padding) + " seed=" + seed + " x=" + x);
    }
}
