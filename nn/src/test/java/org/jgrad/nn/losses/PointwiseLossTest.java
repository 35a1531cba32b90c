package org.jgrad.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleBinaryOperator;
import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** MseLoss, L1Loss and BceWithLogitsLoss against plain-loop references, gradients, and validation. */
class PointwiseLossTest {
    private static final int[] SHAPE = {3, 4};

    private static double[] reduce(double[] perElement, Reduction r) {
        double sum = 0;
        for (double v : perElement) sum += v;
        return switch (r) {
            case NONE -> perElement;
            case SUM -> new double[] {sum};
            case MEAN -> new double[] {sum / perElement.length};
        };
    }

    private static double[] elementwise(double[] x, double[] y, DoubleBinaryOperator f) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = f.applyAsDouble(x[i], y[i]);
        return out;
    }

    private static NDArray randn(long seed) {
        return NDArray.randn(new Generator(seed), DType.FLOAT64, SHAPE);
    }

    /** Soft targets in (0, 1), with some exact 0s and 1s. */
    private static NDArray probabilities(long seed) {
        double[] p = NDArray.rand(new Generator(seed), DType.FLOAT64, SHAPE).toDoubleArray();
        p[0] = 0;
        p[1] = 1;
        p[5] = 1;
        return NDArray.of(p).reshape(SHAPE);
    }

    @Test
    void mseAndL1MatchTheirFormulas() {
        NDArray x = randn(1), y = randn(2);
        double[] xs = x.toDoubleArray(), ys = y.toDoubleArray();
        for (Reduction r : Reduction.values()) {
            Tensor mse = new MseLoss(r).forward(Tensor.of(x), y);
            assertArrayEquals(reduce(elementwise(xs, ys, (a, b) -> (a - b) * (a - b)), r), mse.data().toDoubleArray(), 1e-12, "mse " + r);
            Tensor l1 = new L1Loss(r).forward(Tensor.of(x), y);
            assertArrayEquals(reduce(elementwise(xs, ys, (a, b) -> Math.abs(a - b)), r), l1.data().toDoubleArray(), 1e-12, "l1 " + r);
            if (r == Reduction.NONE) {
                assertArrayEquals(SHAPE, mse.shape());
                assertArrayEquals(SHAPE, l1.shape());
            } else {
                assertEquals(0, mse.rank());
            }
        }
    }

    /** The textbook −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))]·w, fine in double for moderate x. */
    private static double bceNaive(double x, double y, double p, double w) {
        double s = 1 / (1 + Math.exp(-x));
        return -w * (p * y * Math.log(s) + (1 - y) * Math.log(1 - s));
    }

    @Test
    void bceWithLogitsMatchesTheTextbookFormulaForEveryOption() {
        NDArray x = randn(3).mul(3), y = probabilities(4);
        double[] xs = x.toDoubleArray(), ys = y.toDoubleArray();
        double[] pw = {0.5, 1, 2, 4}; // one per class on the last axis
        double[] w = {1, 0.25, 3};    // one per row: shape (3, 1)
        for (boolean withPos : new boolean[] {false, true}) {
            for (boolean withWeight : new boolean[] {false, true}) {
                for (Reduction r : Reduction.values()) {
                    double[] expected = new double[xs.length];
                    for (int i = 0; i < xs.length; i++)
                        expected[i] = bceNaive(xs[i], ys[i], withPos ? pw[i % 4] : 1, withWeight ? w[i / 4] : 1);
                    BceWithLogitsLoss loss = new BceWithLogitsLoss(r).withWeight(withWeight ? NDArray.of(w).reshape(3, 1) : null)
                            .withPosWeight(withPos ? NDArray.of(pw) : null);
                    assertArrayEquals(reduce(expected, r), loss.forward(Tensor.of(x), y).data().toDoubleArray(), 1e-12, loss.toString());
                }
            }
        }
    }

    @Test
    void bceWithLogitsIsStableForHugeLogits() {
        NDArray x = NDArray.of(100f, -100f, 100f, -100f, 0f, 1e4f);
        NDArray y = NDArray.of(0f, 1f, 1f, 0f, 1f, 0f);
        double[] got = new BceWithLogitsLoss().withReduction(Reduction.NONE).forward(Tensor.of(x), y).data().toDoubleArray();
        double[] expected = {100, 100, Math.log1p(Math.exp(-100)), Math.log1p(Math.exp(-100)), Math.log(2), 1e4};
        assertArrayEquals(expected, got, 1e-4);
        double[] pos = new BceWithLogitsLoss().withPosWeight(NDArray.of(3f)).withReduction(Reduction.NONE)
                .forward(Tensor.of(x), y).data().toDoubleArray();
        assertArrayEquals(new double[] {100, 300, 0, 0, 3 * Math.log(2), 1e4}, pos, 1e-4);
    }

    @Test
    void gradients() {
        NDArray x = randn(5), y = randn(6), p = probabilities(7);
        for (Reduction r : Reduction.values()) {
            MseLoss mse = new MseLoss(r);
            GradCheck.check("mse " + r, in -> mse.forward(in[0], in[1]), new NDArray[] {x.copy(), y.copy()}, new boolean[] {true, false});
            GradCheck.check("mse wrt target " + r, in -> mse.forward(in[0], in[1]), new NDArray[] {x.copy(), y.copy()}, new boolean[] {true, true});
            L1Loss l1 = new L1Loss(r);
            GradCheck.check("l1 " + r, in -> l1.forward(in[0], in[1]), new NDArray[] {x.copy(), y.copy()}, new boolean[] {true, false});
            for (NDArray pw : new NDArray[] {null, NDArray.of(0.5, 1, 2, 4)}) {
                for (NDArray w : new NDArray[] {null, NDArray.of(1, 0.25, 3).reshape(3, 1)}) {
                    BceWithLogitsLoss bce = new BceWithLogitsLoss(BceWeights.NONE.andWeight(w).andPosWeight(pw), r);
                    GradCheck.check(bce.toString(), in -> bce.forward(in[0], in[1]), new NDArray[] {x.copy(), p.copy()}, new boolean[] {true, false});
                }
            }
        }
    }

    @Test
    void validation() {
        Tensor x = Tensor.of(NDArray.zeros(DType.FLOAT32, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MseLoss().forward(x, NDArray.zeros(DType.FLOAT32, 3, 2)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new L1Loss().forward(x, NDArray.zeros(DType.INT64, 2, 3)));
        assertTrue(e.getMessage().startsWith("L1Loss") && e.getMessage().contains("target must be floating") && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BceWithLogitsLoss().forward(x, NDArray.zeros(DType.INT32, 2, 3)));
        assertTrue(e.getMessage().contains("target must be floating"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BceWithLogitsLoss().withPosWeight(NDArray.of(1f, 2f)).forward(x, NDArray.zeros(DType.FLOAT32, 2, 3)));
        assertTrue(e.getMessage().contains("posWeight of shape (2)") && e.getMessage().contains("(2, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MseLoss().forward(Tensor.of(NDArray.zeros(DType.INT32, 2)), NDArray.zeros(2)));
        assertTrue(e.getMessage().contains("input must be floating"), e.getMessage());
    }
}
