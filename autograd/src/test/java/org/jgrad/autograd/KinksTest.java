package org.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.UnaryOperator;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/**
 * Gradients exactly at the kinks of the piecewise ops, against PyTorch's derivatives.yaml
 * (finite differences cannot check these: the function has no derivative there). The rule is
 * written once, in {@link ActivationOps}.
 */
class KinksTest {
    private static double[] gradOf(UnaryOperator<Tensor> f, double... x) {
        Tensor leaf = Tensor.param(NDArray.of(x));
        f.apply(leaf).sum().backward();
        return leaf.grad().toDoubleArray();
    }

    @Test
    void reluIsZeroAtZero() {
        assertArrayEquals(new double[] {0, 0, 1}, gradOf(Tensor::relu, -1, 0, 1), 0);
    }

    @Test
    void leakyReluIsTheNegativeSlopeAtZero() {
        assertArrayEquals(new double[] {0.1, 0.1, 1}, gradOf(t -> t.leakyRelu(0.1), -1, 0, 1), 0);
    }

    @Test
    void eluIsAlphaAtZero() {
        assertArrayEquals(new double[] {0.5 * Math.exp(-1), 0.5, 1}, gradOf(t -> t.elu(0.5), -1, 0, 1), 1e-16);
    }

    @Test
    void absIsZeroAtZero() {
        assertArrayEquals(new double[] {-1, 0, 1}, gradOf(Tensor::abs, -2, 0, 2), 0);
    }

    @Test
    void clampPassesTheGradientOnTheClosedInterval() {
        assertArrayEquals(new double[] {0, 1, 1, 1, 0}, gradOf(t -> t.clamp(-1, 1), -2, -1, 0, 1, 2), 0);
        assertArrayEquals(new double[] {0, 1, 1}, gradOf(t -> t.clampMin(0), -1, 0, 1), 0);
        assertArrayEquals(new double[] {1, 1, 0}, gradOf(t -> t.clampMax(0), -1, 0, 1), 0);
    }

    @Test
    void hardtanhPassesTheGradientOnTheOpenIntervalOnly() {
        assertArrayEquals(new double[] {0, 0, 1, 0, 0}, gradOf(t -> t.hardtanh(-1, 1), -2, -1, 0, 1, 2), 0);
    }

    @Test
    void softplusIsLinearOnlyAboveTheThreshold() {
        double s = 1 / (1 + Math.exp(-2.0));   // σ(βx) at βx = threshold = 2
        assertArrayEquals(new double[] {s, 1}, gradOf(t -> t.softplus(1, 2), 2, 2.5), 1e-16);
    }

    @Test
    void maximumAndMinimumSplitATieInHalves() {
        Tensor a = Tensor.param(NDArray.of(1.0, 2.0)), b = Tensor.param(NDArray.of(1.0, 3.0));
        a.maximum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 0}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.5, 1}, b.grad().toDoubleArray(), 0);
        a.zeroGrad();
        b.zeroGrad();
        a.minimum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 1}, a.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.5, 0}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void maxAlongAnAxisGivesTheWholeGradientToTheFirstTiedIndex() {
        Tensor x = Tensor.param(NDArray.of(4.0, 1.0, 4.0, 2.0, 7.0, 7.0).reshape(2, 3));
        ValuesAndIndices m = x.maxAlong(1, false);
        assertArrayEquals(new double[] {4, 7}, m.values().data().toDoubleArray(), 0);
        assertArrayEquals(new double[] {0, 1}, m.indices().toDoubleArray(), 0);
        m.values().mul(Tensor.of(NDArray.of(2.0, 10.0))).sum().backward();
        assertArrayEquals(new double[] {2, 0, 0, 0, 10, 0}, x.grad().toDoubleArray(), 0);

        Tensor y = Tensor.param(NDArray.of(3.0, -1.0, -1.0, 0.0).reshape(2, 2));
        ValuesAndIndices n = y.minAlong(0, true);
        assertArrayEquals(new int[] {1, 2}, n.values().shape());
        assertArrayEquals(new double[] {1, 0}, n.indices().toDoubleArray(), 0);
        n.values().sum().backward();
        assertArrayEquals(new double[] {0, 1, 1, 0}, y.grad().toDoubleArray(), 0);
        assertEquals(org.jgrad.tensor.DType.INT64, n.indices().dtype());
    }

    @Test
    void sumAndMeanOfAllWithKeepDim() {
        Tensor x = Tensor.param(NDArray.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0).reshape(2, 3));
        assertArrayEquals(new int[] {1, 1}, x.sum(true).shape());
        assertEquals(21, x.sum(true).item());
        assertArrayEquals(new int[] {}, x.sum(false).shape());
        assertEquals(3.5, x.mean(true).item());
        x.mean(true).sum().backward();
        assertArrayEquals(new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0}, x.grad().toDoubleArray(), 1e-16);
    }
}
