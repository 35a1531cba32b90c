package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient-check rows for {@link ReductionOps}. Composites (mean, var, std) are listed under an op
 * they record. The max/min inputs are random normals, so no ties; ties have their own test
 * ({@link ReductionTiesTest}).
 */
final class ReductionSpecs {
    private ReductionSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        int[] last = {-1};
        // sum
        s.add(OpSpec.of("sum", "all axes", () -> arrays(randn(101, 3, 4)), 1, t -> t[0].sum()));
        s.add(OpSpec.of("sum", "axis -1", () -> arrays(randn(102, 2, 3, 4)), 1, t -> t[0].sum(-1)));
        s.add(OpSpec.of("sum", "axes {0,2} keepDim strided", () -> arrays(randnStrided(103, 2, 3, 4)), 1,
                t -> t[0].sum(new int[] {0, 2}, true)));
        s.add(OpSpec.of("sum", "size-1 axis {1} of (2,1,3)", () -> arrays(randn(104, 2, 1, 3)), 1, t -> t[0].sum(new int[] {1}, false)));
        s.add(OpSpec.of("sum", "rank 0", () -> arrays(randn(105)), 1, t -> t[0].sum()));
        // mean (composite: sum, mul)
        s.add(OpSpec.of("sum", "mean all", () -> arrays(randn(106, 3, 4)), 1, t -> t[0].mean()));
        s.add(OpSpec.of("sum", "mean axes {-2,-1} strided", () -> arrays(randnStrided(107, 2, 3, 4)), 1,
                t -> t[0].mean(new int[] {-2, -1}, false)));
        s.add(OpSpec.of("sum", "x - mean(x, keepDim) broadcast", () -> arrays(randn(108, 3, 5)), 1,
                t -> t[0].sub(t[0].mean(last, true))));
        // max / min
        s.add(OpSpec.of("max", "all axes", () -> arrays(randn(109, 3, 4)), 1, t -> t[0].max()));
        s.add(OpSpec.of("max", "axis 1", () -> arrays(randn(110, 2, 5, 3)), 1, t -> t[0].max(new int[] {1}, false)));
        s.add(OpSpec.of("max", "axes {0,-1} keepDim strided", () -> arrays(randnStrided(111, 3, 2, 4)), 1,
                t -> t[0].max(new int[] {0, -1}, true)));
        s.add(OpSpec.of("max", "size-1 axis of (2,1,3)", () -> arrays(randn(112, 2, 1, 3)), 1, t -> t[0].max(new int[] {1}, true)));
        s.add(OpSpec.of("max", "x - max(x, keepDim) broadcast", () -> arrays(randn(113, 4, 3)), 1,
                t -> t[0].sub(t[0].max(last, true))));
        s.add(OpSpec.of("min", "all axes strided", () -> arrays(randnStrided(114, 3, 4)), 1, t -> t[0].min()));
        s.add(OpSpec.of("min", "axis -2 keepDim", () -> arrays(randn(115, 2, 4, 3)), 1, t -> t[0].min(new int[] {-2}, true)));
        s.add(OpSpec.of("min", "axes {0,1}", () -> arrays(randn(116, 3, 2, 2)), 1, t -> t[0].min(new int[] {0, 1}, false)));
        // var / std (composites)
        s.add(OpSpec.of("sum", "var axis -1 correction 1", () -> arrays(randn(117, 3, 5)), 1, t -> t[0].var(last, 1, false)));
        s.add(OpSpec.of("sum", "var all correction 0 strided", () -> arrays(randnStrided(118, 3, 4)), 1,
                t -> t[0].var(0, false)));
        s.add(OpSpec.of("sqrt", "std axes {0,2} keepDim correction 1", () -> arrays(randn(119, 3, 2, 4)), 1,
                t -> t[0].std(new int[] {0, 2}, 1, true)));
        s.add(OpSpec.of("rsqrt", "layer norm (x - mean) / sqrt(var + eps)", () -> arrays(randn(120, 3, 6)), 1,
                t -> t[0].sub(t[0].mean(last, true)).mul(t[0].var(last, 0, true).add(1e-5).rsqrt())));
        // logsumexp
        s.add(OpSpec.of("logsumexp", "all axes", () -> arrays(randn(121, 3, 4)), 1, t -> t[0].logsumexp(false)));
        s.add(OpSpec.of("logsumexp", "axis 1 keepDim strided", () -> arrays(randnStrided(122, 2, 5, 3)), 1,
                t -> t[0].logsumexp(new int[] {1}, true)));
        s.add(OpSpec.of("logsumexp", "axes {0,-1}, large values", () -> arrays(randn(123, 3, 2, 4).mul(30)), 1,
                t -> t[0].logsumexp(new int[] {0, -1}, false)));
        // softmax / log_softmax
        s.add(OpSpec.of("softmax", "axis -1", () -> arrays(randn(124, 3, 5)), 1, t -> t[0].softmax(-1)));
        s.add(OpSpec.of("softmax", "axis 0 strided", () -> arrays(randnStrided(125, 4, 3)), 1, t -> t[0].softmax(0)));
        s.add(OpSpec.of("softmax", "axis 1 of 3-d, size-1 axis 2", () -> arrays(randn(126, 2, 4, 1)), 1, t -> t[0].softmax(1)));
        s.add(OpSpec.of("softmax", "softmax(x) * mean(x) broadcast", () -> arrays(randn(127, 3, 4)), 1,
                t -> t[0].softmax(-1).mul(t[0].mean(last, true))));
        s.add(OpSpec.of("log_softmax", "axis -1", () -> arrays(randn(128, 3, 5)), 1, t -> t[0].logSoftmax(-1)));
        s.add(OpSpec.of("log_softmax", "axis 1 of 3-d strided", () -> arrays(randnStrided(129, 2, 4, 3)), 1, t -> t[0].logSoftmax(1)));
        s.add(OpSpec.of("log_softmax", "size-1 axis", () -> arrays(randn(130, 3, 1)), 1, t -> t[0].logSoftmax(1)));
        return s;
    }
}
