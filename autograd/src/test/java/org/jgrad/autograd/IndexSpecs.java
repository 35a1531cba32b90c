package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * Gradient-check rows for {@link IndexOps}. The integer index is an input marked not
 * differentiable; indices drawn from a small range repeat, so accumulation is exercised.
 */
final class IndexSpecs {
    private IndexSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        boolean[] first = {true, false};
        s.add(new OpSpec("gather", "axis 1, repeats", () -> arrays(randn(301, 3, 4), index(302, 4, 3, 5)), first,
                t -> t[0].gather(1, t[1].data())));
        s.add(new OpSpec("gather", "axis 0, index smaller than input", () -> arrays(randn(303, 4, 3), index(304, 4, 2, 2)), first,
                t -> t[0].gather(0, t[1].data())));
        s.add(new OpSpec("gather", "axis -1 of 3-D, strided input", () -> arrays(randnStrided(305, 2, 3, 4), index(306, 4, 2, 3, 6)), first,
                t -> t[0].gather(-1, t[1].data())));
        s.add(new OpSpec("gather", "int32 index", () -> arrays(randn(307, 3, 3), NDArray.fromArray(new int[][] {{0, 0, 2}, {1, 2, 1}})), first,
                t -> t[0].gather(1, t[1].data())));

        s.add(new OpSpec("index_select", "axis 0, repeats", () -> arrays(randn(311, 4, 3), NDArray.of(2L, 0L, 2L, 2L, 3L)), first,
                t -> t[0].indexSelect(0, t[1].data())));
        s.add(new OpSpec("index_select", "axis 1 of 3-D", () -> arrays(randn(312, 2, 4, 3), NDArray.of(3L, 1L, 1L)), first,
                t -> t[0].indexSelect(1, t[1].data())));
        s.add(new OpSpec("index_select", "axis -1, strided input", () -> arrays(randnStrided(313, 3, 4), NDArray.of(0L, 3L, 0L)), first,
                t -> t[0].indexSelect(-1, t[1].data())));

        boolean[] selfAndSrc = {true, false, true};
        s.add(new OpSpec("scatter_add", "axis 0, repeats", () -> arrays(randn(321, 3, 4), index(322, 3, 5, 4), randn(323, 5, 4)), selfAndSrc,
                t -> t[0].scatterAdd(0, t[1].data(), t[2])));
        s.add(new OpSpec("scatter_add", "axis 1, src larger than index", () -> arrays(randn(324, 3, 4), index(325, 4, 2, 3), randn(326, 3, 5)),
                selfAndSrc, t -> t[0].scatterAdd(1, t[1].data(), t[2])));
        s.add(new OpSpec("scatter_add", "only src differentiable", () -> arrays(randn(327, 2, 3, 2), index(328, 3, 2, 4, 2), randn(329, 2, 4, 2)),
                new boolean[] {false, false, true}, t -> t[0].scatterAdd(1, t[1].data(), t[2])));
        s.add(new OpSpec("scatter_add", "only self differentiable", () -> arrays(randn(330, 3, 3), index(331, 3, 3, 3), randn(332, 3, 3)),
                new boolean[] {true, false, false}, t -> t[0].scatterAdd(1, t[1].data(), t[2])));
        return s;
    }

    /** int64 entries uniform on [0, bound). */
    private static NDArray index(long seed, int bound, int... shape) {
        return NDArray.randint(0, bound, new Generator(seed), shape);
    }
}
