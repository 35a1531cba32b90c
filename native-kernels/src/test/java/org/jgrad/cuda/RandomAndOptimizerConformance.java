package org.jgrad.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
        return cases(4);
    }

    /** The Adam cases: those of SGD and variant 4, AdamW at {@link #contractionSensitiveDecay}. */
    static Stream<Arguments> adamCases() {
        return cases(5);
    }

    private static Stream<Arguments> cases(int variants) {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64})
            for (int variant = 0; variant < variants; variant++) out.add(Arguments.of(t, variant));
        return out.stream();
    }

    /**
     * An AdamW learning rate and weight decay near fastai's (lr in [1e-3, 2e-3), wd in [0.01, 0.02)),
     * the first of a seeded search for which a compiler's contraction of {@code 1 - lr * wd} into
     * {@code fma(-lr, wd, 1)} changes the double result: optim.cu's shrink factor p·(1 − ηλ) then
     * differs in its last bit, and so do many updated float64 parameters (FusedScalarRoundingTest).
     * In float32 both doubles round to the same float (they differ by one double ulp and lie nowhere
     * near a float rounding boundary), so only the float64 case can see the contraction.
     */
    static double[] contractionSensitiveDecay() {
        Random r = new Random(17);
        for (int trial = 0; trial < 1_000_000; trial++) {
            double lr = 1e-3 * (1 + r.nextDouble()), wd = 0.01 * (1 + r.nextDouble());
            if (Math.fma(-lr, wd, 1) != 1 - lr * wd) return new double[] {lr, wd};
        }
        throw new IllegalStateException("no (lr, weightDecay) in 10^6 trials where fma(-lr, wd, 1) != 1 - lr*wd");
    }

    /**
     * Variants: 0 plain, 1 coupled weight decay, 2 decoupled weight decay, 3 a later step (bias
     * corrections far from 1), 4 decoupled weight decay at {@link #contractionSensitiveDecay}.
     */
    @ParameterizedTest(name = "adam {0} variant {1}")
    @MethodSource("org.jgrad.cuda.RandomAndOptimizerConformance#adamCases")
    default void adamUpdate(DType t, int variant) {
        RandomArrays r = new RandomArrays(Conformance.seed("adam", t.ordinal(), variant));
        int[] shape = {37, 29};
        NDArray p = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array(), g = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array();
        NDArray m = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array().mul(0.1), v = r.array(shape, t, RandomArrays.Layout.CONTIGUOUS, false).array().abs();
        double[] sensitive = contractionSensitiveDecay();
        AdamStep step = variant == 4 ? new AdamStep(sensitive[0], 0.9, 0.99, 1e-5, sensitive[1], true, 1)
                : new AdamStep(1e-3, 0.9, 0.99, 1e-5, variant == 0 || variant == 3 ? 0 : 0.01, variant == 2, variant == 3 ? 57 : 1);
        compare().check("adam " + t + " " + step, (backend, in, o) -> backend.adamUpdate(o[0], in[0], o[1], o[2], step), List.of(g),
                List.of(BackendComparison.Output.inPlace(p), BackendComparison.Output.inPlace(m), BackendComparison.Output.inPlace(v)), 0, false);
    }

    /**
     * Variants: 0 no momentum, 1 momentum's first step, 2 momentum with dampening and weight decay, 3 Nesterov.
     * SGD's only double scalar, 1 − τ, is one operation, so it has no contraction-sensitive case; a
     * contracted per-element step (p − d·η as one FMA) differs on random inputs in every variant.
     */
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
