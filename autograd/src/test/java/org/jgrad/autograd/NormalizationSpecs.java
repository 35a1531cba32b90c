package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;
import static org.jgrad.autograd.OpSpec.uniform;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient-check rows for {@link NormalizationOps#batchNorm}: batch statistics (the gradient flows
 * through μ and σ² too) and running statistics, with and without γ and β, BatchNorm1d and
 * BatchNorm2d shapes, and a strided input. The running statistics are fresh copies each call, so the
 * in-place update never feeds back into the finite differences.
 */
final class NormalizationSpecs {
    private NormalizationSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        s.add(OpSpec.of("batch_norm", "2d, batch statistics, affine", () -> arrays(randn(301, 3, 2, 3, 3), randn(302, 2), randn(303, 2)), 3,
                t -> NormalizationOps.batchNorm(t[0], randn(304, 2), uniform(305, 0.5, 2, 2), t[1], t[2], true, 0.1, 1e-5)));
        s.add(OpSpec.of("batch_norm", "1d (N, C), batch statistics, affine", () -> arrays(randn(306, 5, 3), randn(307, 3), randn(308, 3)), 3,
                t -> NormalizationOps.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5)));
        s.add(OpSpec.of("batch_norm", "(N, C, L), batch statistics, no affine", () -> arrays(randn(309, 2, 3, 4)), 1,
                t -> NormalizationOps.batchNorm(t[0], null, null, null, null, true, 0.1, 1e-5)));
        s.add(OpSpec.of("batch_norm", "2d, running statistics, affine", () -> arrays(randn(310, 2, 3, 2, 2), randn(311, 3), randn(312, 3)), 3,
                t -> NormalizationOps.batchNorm(t[0], randn(313, 3), uniform(314, 0.5, 2, 3), t[1], t[2], false, 0.1, 1e-5)));
        s.add(OpSpec.of("batch_norm", "running statistics, weight only", () -> arrays(randn(315, 4, 2), randn(316, 2)), 2,
                t -> NormalizationOps.batchNorm(t[0], randn(317, 2), uniform(318, 0.5, 2, 2), t[1], null, false, 0.1, 1e-5)));
        s.add(OpSpec.of("batch_norm", "strided input, batch statistics, bias only", () -> arrays(randnStrided(319, 3, 2, 2, 3), randn(320, 2)), 2,
                t -> NormalizationOps.batchNorm(t[0], null, null, null, t[1], true, 0.1, 1e-5)));
        return s;
    }
}
