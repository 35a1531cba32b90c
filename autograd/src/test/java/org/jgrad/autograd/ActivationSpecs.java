package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.uniform;

import java.util.ArrayList;
import java.util.List;

/** Gradient-check rows for {@link ActivationOps} (inputs away from the kinks; {@link KinksTest} checks those). */
final class ActivationSpecs {
    private ActivationSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        s.add(OpSpec.of("log1p", "(-0.5, 2)", () -> arrays(uniform(201, -0.5, 2, 3, 4)), 1, t -> t[0].log1p()));
        s.add(OpSpec.of("log1p", "tiny", () -> arrays(randn(202, 5).mul(1e-9)), 1, t -> t[0].log1p()));
        s.add(OpSpec.of("expm1", "3x4", () -> arrays(randn(203, 3, 4)), 1, t -> t[0].expm1()));
        s.add(OpSpec.of("clamp_min", "3x4", () -> arrays(randn(204, 3, 4)), 1, t -> t[0].clampMin(-0.3)));
        s.add(OpSpec.of("clamp_max", "3x4", () -> arrays(randn(205, 3, 4)), 1, t -> t[0].clampMax(0.4)));
        s.add(OpSpec.of("leaky_relu", "slope 0.1", () -> arrays(randn(206, 3, 4)), 1, t -> t[0].leakyRelu(0.1)));
        s.add(OpSpec.of("elu", "alpha 0.7", () -> arrays(randn(207, 3, 4).mul(2)), 1, t -> t[0].elu(0.7)));
        s.add(OpSpec.of("hardtanh", "(-1, 1)", () -> arrays(randn(208, 3, 4).mul(1.5)), 1, t -> t[0].hardtanh(-1, 1)));
        s.add(OpSpec.of("softplus", "defaults", () -> arrays(randn(209, 3, 4).mul(3)), 1, t -> t[0].softplus()));
        s.add(OpSpec.of("softplus", "beta 2, threshold 1 (both regions)", () -> arrays(randn(210, 3, 4)), 1, t -> t[0].softplus(2, 1)));
        s.add(OpSpec.of("mish", "3x4", () -> arrays(randn(211, 3, 4).mul(3)), 1, t -> t[0].mish()));
        s.add(OpSpec.of("gelu_tanh", "3x4", () -> arrays(randn(212, 3, 4).mul(2)), 1, t -> t[0].geluTanh()));
        s.add(OpSpec.of("gather", "maxAlong axis 1", () -> arrays(randn(213, 3, 4)), 1, t -> t[0].maxAlong(1, false).values()));
        s.add(OpSpec.of("gather", "minAlong axis 0 keepDim", () -> arrays(randn(214, 3, 4)), 1, t -> t[0].minAlong(0, true).values()));
        return s;
    }
}
