package org.jgrad.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.RandomArrays;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A family of conformance cases for the {@link org.jgrad.tensor.Backend} primitives. Each family is
 * an interface of test methods; a test class implements the families and says which backend they
 * test ({@link CudaConformanceTest}: {@code cuda:0}; {@link CpuHarnessTest}: the CPU against itself,
 * which checks the cases and the harness without a GPU).
 */
public interface Conformance {
    /** The comparison against the CPU for the backend under test. */
    BackendComparison compare();

    /** The floating dtypes, the half types (float16, bfloat16) first. */
    DType[] FLOATS = {DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64};

    /** A case's seed from its name and numbers, so every case draws its own inputs and reruns identically. */
    static long seed(String name, int... numbers) {
        return name.hashCode() * 1_000_003L + Arrays.hashCode(numbers);
    }

    /**
     * The cases of a family: (op, dtype, case number, large=false) for each op, each of its dtypes
     * and {@code perDtype} case numbers, then (op, float32, case number, large=true) {@code large} times.
     */
    static <T> Stream<Arguments> cases(T[] ops, Function<T, DType[]> dtypes, int perDtype, int large) {
        List<Arguments> out = new ArrayList<>();
        for (T op : ops) {
            for (DType t : dtypes.apply(op)) for (int c = 0; c < perDtype; c++) out.add(Arguments.of(op, t, c, false));
            for (int c = 0; c < large; c++) out.add(Arguments.of(op, DType.FLOAT32, c, true));
        }
        return out.stream();
    }

    /** Every dtype but bool. */
    static DType[] notBool() {
        return Arrays.stream(DType.values()).filter(t -> t != DType.BOOL).toArray(DType[]::new);
    }

    /**
     * A random shape: rank 0–4 with sizes 0–5 (size 1 often, 0 rarely) for an ordinary case; for a
     * large one (more elements than one thread block covers) a rank-2 or -3 shape of 20k–80k elements.
     */
    static int[] shape(RandomArrays r, boolean large) {
        if (!large) return r.shape();
        return r.rnd.nextBoolean() ? new int[] {200 + r.rnd.nextInt(57), 300} : new int[] {7, 61 + r.rnd.nextInt(40), 67};
    }
}
