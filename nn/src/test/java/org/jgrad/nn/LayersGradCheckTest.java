package org.jgrad.nn;

import java.util.function.Function;
import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.layers.AdaptiveAvgPool2d;
import org.jgrad.nn.layers.AvgPool2d;
import org.jgrad.nn.layers.BatchNorm1d;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.ConvTranspose2d;
import org.jgrad.nn.layers.Dropout;
import org.jgrad.nn.layers.Dropout2d;
import org.jgrad.nn.layers.Embedding;
import org.jgrad.nn.layers.LayerNorm;
import org.jgrad.nn.layers.MaxPool2d;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** Float64 finite-difference checks of the input and parameter gradients through every layer. */
class LayersGradCheckTest {
    private static NDArray input(long seed, int... shape) {
        return NDArray.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    @Test
    void conv2d() {
        check("conv2d 3x3 padding 1", new Conv2d(2, 3, 3, 1, 1, 1, 1, true, new Generator(1)), input(21, 2, 2, 4, 4), true);
        check("conv2d stride 2 dilation 2 no bias", new Conv2d(2, 2, 2, 2, 1, 2, 1, false, new Generator(2)),
                input(22, 1, 2, 5, 5), true);
        check("conv2d groups 2", new Conv2d(4, 2, 2, 1, 0, 1, 2, true, new Generator(3)), input(23, 2, 4, 3, 3), true);
        check("conv2d 1x3 kernel", new Conv2d(1, 2, 1, 3, Conv2dParams.DEFAULT.stride(1, 2).padding(0, 1), true, new Generator(4)),
                input(24, 2, 1, 3, 4), true);
    }

    @Test
    void convTranspose2d() {
        check("conv_transpose2d 3x3", new ConvTranspose2d(2, 3, 3, 1, 0, 0, 1, 1, true, new Generator(5)),
                input(25, 2, 2, 3, 3), true);
        check("conv_transpose2d stride 2 padding 1 output padding 1",
                new ConvTranspose2d(2, 2, 3, 2, 1, 1, 1, 1, true, new Generator(6)), input(26, 1, 2, 3, 3), true);
        check("conv_transpose2d groups 2 dilation 2 no bias",
                new ConvTranspose2d(2, 4, 2, 1, 0, 0, 2, 2, false, new Generator(7)), input(27, 2, 2, 2, 3), true);
    }

    @Test
    void batchNormInTrainingAndEvaluationMode() {
        check("batchnorm1d (N, C)", randomAffine(new BatchNorm1d(3), 31), input(28, 4, 3), true);
        check("batchnorm1d (N, C, L)", randomAffine(new BatchNorm1d(2), 32), input(29, 3, 2, 4), true);
        check("batchnorm2d", randomAffine(new BatchNorm2d(2), 33), input(30, 2, 2, 3, 3), true);
        check("batchnorm2d no affine", new BatchNorm2d(2, 1e-5, 0.1, false, true), input(31, 2, 2, 2, 3), true);
        BatchNorm2d eval = randomAffine(new BatchNorm2d(2), 34);
        eval.forward(Tensor.of(input(32, 4, 2, 3, 3).to(DType.FLOAT32).mul(2).add(1)));
        eval.eval();
        check("batchnorm2d eval (running statistics)", eval, input(33, 2, 2, 3, 3), true);
        BatchNorm1d untracked = new BatchNorm1d(3, 1e-5, 0.1, true, false);
        untracked.eval();
        check("batchnorm1d without running statistics, eval", untracked, input(34, 5, 3), true);
    }

    @Test
    void layerNorm() {
        check("layernorm last axis", randomAffine(new LayerNorm(4), 35), input(35, 3, 4), true);
        check("layernorm last two axes", randomAffine(new LayerNorm(2, 3), 36), input(36, 2, 2, 3), true);
        check("layernorm no affine", new LayerNorm(new int[] {5}, 1e-5, false), input(37, 2, 5), true);
    }

    @Test
    void dropoutInEvaluationModeAndWithAFixedMask() {
        Dropout eval = new Dropout(0.5, new Generator(8));
        eval.eval();
        // identity in eval mode: not even a graph node is added, so check through a function that uses the output
        check("dropout eval", t -> eval.forward(t).mul(1.0), eval, input(38, 3, 4), true);

        Generator g = new Generator(9);
        Generator.State state = g.getState();
        Dropout drop = new Dropout(0.3, g);
        check("dropout train, fixed mask", t -> {
            g.setState(state); // every evaluation draws the same mask
            return drop.forward(t);
        }, drop, input(39, 4, 5), true);

        Generator g2 = new Generator(10);
        Generator.State state2 = g2.getState();
        Dropout2d drop2 = new Dropout2d(0.5, g2);
        check("dropout2d train, fixed mask", t -> {
            g2.setState(state2);
            return drop2.forward(t);
        }, drop2, input(40, 2, 3, 2, 2), true);
    }

    @Test
    void pooling() {
        check("maxpool2d 2x2", new MaxPool2d(2), input(41, 2, 2, 4, 4), true);
        check("maxpool2d 3x3 stride 2 padding 1", new MaxPool2d(3, 2, 1), input(42, 1, 2, 5, 5), true);
        check("avgpool2d pad counted", new AvgPool2d(3, 2, 1, true), input(43, 1, 2, 5, 5), true);
        check("avgpool2d pad not counted", new AvgPool2d(3, 2, 1, false), input(44, 1, 2, 5, 5), true);
        check("adaptive avgpool2d divisible", new AdaptiveAvgPool2d(2), input(45, 2, 2, 4, 6), true);
        check("adaptive avgpool2d overlapping windows", new AdaptiveAvgPool2d(3, 2), input(46, 2, 2, 5, 3), true);
    }

    @Test
    void embedding() {
        Embedding emb = new Embedding(5, 3, new Generator(11));
        NDArray indices = NDArray.of(new long[] {4, 0, 2, 2, 1, 4}).reshape(2, 3);
        // the input is an index tensor, not differentiable: the function ignores the float input
        check("embedding (weight)", t -> emb.forward(Tensor.of(indices)), emb, NDArray.zeros(1), false);
    }

    @Test
    void aSmallCnnEndToEnd() {
        Generator g = new Generator(12);
        Module net = new Sequential(new Conv2d(1, 2, 3, 1, 1, 1, 1, true, g), new BatchNorm2d(2), new org.jgrad.nn.layers.Activations.Tanh(),
                new AvgPool2d(2), new org.jgrad.nn.layers.Flatten(), new org.jgrad.nn.layers.Linear(8, 2, true, g));
        check("conv-bn-tanh-pool-linear", net, input(47, 3, 1, 4, 4), true);
    }

    private static void check(String name, Module m, NDArray x, boolean inputDifferentiable) {
        check(name, m::forward, m, x, inputDifferentiable);
    }

    /**
     * {@link ModuleGradCheck} for modules with parameters; for parameter-free ones (pooling, dropout,
     * norms without affine) only the input gradient exists, checked by {@link GradCheck} directly.
     */
    private static void check(String name, Function<Tensor, Tensor> f, Module m, NDArray x, boolean inputDifferentiable) {
        if (m.parameterCount() > 0) {
            ModuleGradCheck.check(name, f, m, x, inputDifferentiable);
        } else {
            m.to(DType.FLOAT64);
            GradCheck.check(name, t -> f.apply(t[0]), new NDArray[] {x.to(DType.FLOAT64)}, new boolean[] {true});
        }
    }

    /** Replaces the ones/zeros affine parameters with random values, so the check sees their effect. */
    private static <M extends Module> M randomAffine(M m, long seed) {
        Generator g = new Generator(seed);
        for (Tensor p : m.parameters()) p.setData(NDArray.randn(g, DType.FLOAT32, p.shape()).mul(0.5).add(1));
        return m;
    }
}
