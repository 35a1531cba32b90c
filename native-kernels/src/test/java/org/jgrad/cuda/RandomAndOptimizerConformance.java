package org.jgrad.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.tensor.AdamStep;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomArrays;
import org.jgrad.tensor.RandomKind;
import org.jgrad.tensor.SgdStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Philox draws ({@code philox.cu}) and the fused optimizer updates ({@code optim.cu}). Uniform and
 * Bernoulli draws must equal the CPU's bit for bit, normals within the dtype's tolerance (the
 * device's log/sin/cos may differ by an ulp); Adam and SGD are specified as the CPU's op sequence
 * with one rounding per op, so they must match exactly (slack 0).
 */
public interface RandomAndOptimizerConformance extends Conformance {
    static Stream<Arguments> drawCases() {
        List<Arguments> out = new ArrayList<>();
        for (RandomKind kind : RandomKind.values())
            for (DType t : kind == RandomKind.BERNOULLI ? new DType[] {DType.FLOAT32} : new DType[] {DType.FLOAT32, DType.FLOAT64})
                for (int n : new int[] {1, 3, 4, 5, 1001, 70_001}) out.add(Arguments.of(kind, t, n));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} n={2}")
    @MethodSource("org.jgrad.cuda.RandomAndOptimizerConformance#drawCases")
    default void draw(RandomKind kind, DType t, int n) {
        long seed = Conformance.seed("draw", kind.ordinal(), t.ordinal(), n), offset = (seed >>> 40) + 3;
        double p = 0.3;
        compare().check(kind + " " + t + " n=" + n + " seed " + seed + " offset " + offset,
                (backend, in, o) -> backend.random(kind, seed, offset, p, o[0]), List.of(),
                List.of(BackendComparison.Output.of(t, n)), kind == RandomKind.NORMAL ? 1 : 0, false);
    }

    static Stream<Arguments> optimizerCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64})
            for (int variant = 0; variant < 4; variant++) out.add(Arguments.of(t, variant));
        return out.stream();
    }

    /** Variants: 0 plain, 1 coupled weight decay, 2 decoupled weight decay, 3 a later step (bias corrections far from 1). */
    @ParameterizedTest(name = "adam {0} variant {1}")
    @MethodSource("org.jgrad.cuda.RandomAndOptimizerConformance#optimizerCases")
    default void adamUpdate(DType t, int variant) {
        RandomArrays r = new RandomArrays(Conformance.seed("adam", t.ordinal(), variant));
        int[] shape = {37, 29};
        NDArray p = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array(), g = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array();
        NDArray m = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array().mul(0.1), v = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array().abs();
        AdamStep step = new AdamStep(1e-3, 0.9, 0.99, 1e-5, variant == 0 || variant == 3 ? 0 : 0.01, variant == 2, variant == 3 ? 57 : 1);
        compare().check("adam " + t + " " + step, (backend, in, o) -> backend.adamUpdate(o[0], in[0], o[1], o[2], step), List.of(g),
                List.of(BackendComparison.Output.inPlace(p), BackendComparison.Output.inPlace(m), BackendComparison.Output.inPlace(v)), 0, false);
    }

    /** Variants: 0 no momentum, 1 momentum's first step, 2 momentum with dampening and weight decay, 3 Nesterov. */
    @ParameterizedTest(name = "sgd {0} variant {1}")
    @MethodSource("org.jgrad.cuda.RandomAndOptimizerConformance#optimizerCases")
    default void sgdUpdate(DType t, int variant) {
        RandomArrays r = new RandomArrays(Conformance.seed("sgd", t.ordinal(), variant));
        int[] shape = {1001};
        NDArray p = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array(), g = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array();
        NDArray buf = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array();
        SgdStep step = new SgdStep(0.05, variant == 0 ? 0 : 0.9, variant == 2 ? 0.1 : 0, variant == 2 ? 1e-4 : 0, variant == 3, variant == 1);
        compare().check("sgd " + t + " " + step, (backend, in, o) -> backend.sgdUpdate(o[0], in[0], variant == 0 ? null : o[1], step),
                List.of(g), List.of(BackendComparison.Output.inPlace(p), BackendComparison.Output.inPlace(buf)), 0, false);
    }
}
