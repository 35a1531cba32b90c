package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.tensor.DType;

/**
 * Gradient-check rows for {@link CastOps}. Only the float64 → float64 cast can be checked by
 * finite differences: a narrowing cast (to float32, float16 or bfloat16) is a step function at the
 * scale of GradCheck's ε, and a cast from a half type starts from an input that cannot be nudged
 * by ε, so their identity backward is tested exactly instead, for both half types in both
 * directions (AutocastTest.castBackwardConvertsTheGradientBack).
 */
final class CastSpecs {
    private CastSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        s.add(OpSpec.of("to", "float64 to float64", () -> arrays(randn(801, 3, 4)), 1, t -> t[0].to(DType.FLOAT64)));
        s.add(OpSpec.of("to", "strided, then scaled", () -> arrays(randnStrided(802, 2, 3)), 1, t -> t[0].to(DType.FLOAT64).mul(t[0])));
        return s;
    }
}
