package org.jgrad.tensor;

import static org.jgrad.tensor.OpAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.jgrad.tensor.RandomArrays.Arr;
import org.jgrad.tensor.Reference.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** matmul with NumPy's rules (1-D operands, broadcast batches) on random layouts, against a triple loop. */
class MatmulOpsTest {
    static Stream<Long> seeds() {
        return Stream.iterate(7000L, s -> s + 1).limit(48);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void matmulMatchesReference(long seed) {
        RandomArrays r = new RandomArrays(seed);
        DType t = seed % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        int m = r.rnd.nextInt(6), k = r.rnd.nextInt(6), n = r.rnd.nextInt(6);
        int ra = 1 + r.rnd.nextInt(4), rb = 1 + r.rnd.nextInt(4);
        int[] sa = ra == 1 ? new int[] {k} : concat(batch(r, ra - 2), new int[] {m, k});
        int[] sb = rb == 1 ? new int[] {k} : concat(batch(r, rb - 2), new int[] {k, n});
        // make the batch parts broadcastable: sizes equal or one of them 1
        if (ra > 2 && rb > 2) {
            for (int i = 0; i < Math.min(ra, rb) - 2; i++) {
                int ia = ra - 3 - i, ib = rb - 3 - i;
                if (sa[ia] != sb[ib] && sa[ia] != 1 && sb[ib] != 1) sb[ib] = r.rnd.nextBoolean() ? 1 : sa[ia];
            }
        }
        Arr a = r.array(sa, t), b = r.array(sb, t);
        NDArray y = a.array().matmul(b.array());
        assertEquals(t, y.dtype());
        Dense absA = Reference.map(a.expected(), Math::abs), absB = Reference.map(b.expected(), Math::abs);
        assertClose(Reference.matmul(a.expected(), b.expected()), y, Reference.matmul(absA, absB), 2,
                () -> "matmul seed=" + seed + " a=" + a + " b=" + b);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void mixedPrecisionAndLargerSizes(long seed) {
        if (seed % 6 != 0) return;
        RandomArrays r = new RandomArrays(seed);
        int m = 30 + r.rnd.nextInt(40), k = 50 + r.rnd.nextInt(50), n = 20 + r.rnd.nextInt(40);
        Arr a = r.array(new int[] {2, m, k}, DType.FLOAT32), b = r.array(new int[] {k, n}, DType.FLOAT64);
        NDArray y = a.array().matmul(b.array());
        assertEquals(DType.FLOAT64, y.dtype());
        Dense absA = Reference.map(a.expected(), Math::abs), absB = Reference.map(b.expected(), Math::abs);
        assertClose(Reference.matmul(a.expected(), b.expected()), y, Reference.matmul(absA, absB), 2,
                () -> "matmul seed=" + seed + " a=" + a + " b=" + b);
        NDArray y32 = a.array().matmul(b.array().to(DType.FLOAT32));
        assertClose(Reference.matmul(a.expected(), b.expected()), y32, Reference.matmul(absA, absB), 4,
                () -> "float32 matmul seed=" + seed + " " + Arrays.toString(a.shape()));
    }

    static int[] batch(RandomArrays r, int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = r.rnd.nextInt(3) == 0 ? 1 : 1 + r.rnd.nextInt(3);
        return s;
    }

    static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
