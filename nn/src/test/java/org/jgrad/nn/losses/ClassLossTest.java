package org.jgrad.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/**
 * CrossEntropyLoss and NllLoss against references written here with plain double loops, for
 * every combination of class weights, label smoothing, ignored positions and reduction, on (N, C),
 * (N, C, d1, d2) and unbatched (C) inputs; and their gradients by finite differences.
 */
class ClassLossTest {
    private static final long IGNORE = -100;

    /** Shapes of the inputs: (N, C), (N, C, d1, d2), (C). */
    private static final int[][] SHAPES = {{5, 4}, {3, 4, 2, 3}, {4}};

    // ================================================================ references

    /** Per-position losses (ignored: 0) and the mean's denominator, in [0 .. P-1] and [P]. */
    private static double[] reference(double[] x, int[] shape, long[] t, double[] w, double eps, long ignore, boolean logSoftmax) {
        int n = shape.length == 1 ? 1 : shape[0], c = shape.length == 1 ? shape[0] : shape[1];
        int d = 1;
        for (int k = 2; k < shape.length; k++) d *= shape[k];
        double[] out = new double[n * d + 1];
        double denom = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                long y = t[i * d + j];
                if (y == ignore) continue;
                double[] logp = new double[c];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) max = Math.max(max, x[(i * c + k) * d + j]);
                double s = 0;
                for (int k = 0; k < c; k++) s += Math.exp(x[(i * c + k) * d + j] - max);
                for (int k = 0; k < c; k++) logp[k] = logSoftmax ? x[(i * c + k) * d + j] - max - Math.log(s) : x[(i * c + k) * d + j];
                double wy = w == null ? 1 : w[(int) y];
                double nll = -wy * logp[(int) y];
                double smooth = 0;
                for (int k = 0; k < c; k++) smooth -= (w == null ? 1 : w[k]) * logp[k];
                out[i * d + j] = (1 - eps) * nll + eps / c * smooth;
                denom += wy;
            }
        }
        out[n * d] = denom;
        return out;
    }

    private static double[] reduce(double[] ref, Reduction r) {
        int p = ref.length - 1;
        double sum = 0;
        for (int i = 0; i < p; i++) sum += ref[i];
        return switch (r) {
            case NONE -> Arrays.copyOf(ref, p);
            case SUM -> new double[] {sum};
            case MEAN -> new double[] {sum / ref[p]};
        };
    }

    // ================================================================ fixtures

    private static int classes(int[] shape) { return shape.length == 1 ? shape[0] : shape[1]; }

    private static int[] targetShape(int[] shape) {
        if (shape.length == 1) return new int[0];
        int[] t = new int[shape.length - 1];
        t[0] = shape[0];
        System.arraycopy(shape, 2, t, 1, shape.length - 2);
        return t;
    }

    /** Random class indices; with {@code ignoring}, about a third are the ignore index (but never all). */
    private static long[] targets(int count, int c, boolean ignoring, long ignore, long seed) {
        Random r = new Random(seed);
        long[] t = new long[count];
        for (int i = 0; i < count; i++) t[i] = ignoring && i % 3 == 1 ? ignore : r.nextInt(c);
        return t;
    }

    private static NDArray targetArray(long[] t, int[] shape) {
        return NDArray.of(t).reshape(targetShape(shape));
    }

    private static final double[] WEIGHTS = {0.5, 2.0, 1.0, 3.0};

    // ================================================================ values

    @Test
    void crossEntropyMatchesTheFormulaForEveryOptionCombination() {
        int cases = 0;
        for (int[] shape : SHAPES) {
            NDArray x = NDArray.randn(new Generator(11), DType.FLOAT64, shape).mul(2);
            double[] xs = x.toDoubleArray();
            int count = Math.max(1, NDArray.zeros(targetShape(shape)).numel());
            for (long ignore : new long[] {IGNORE, 2}) {
                for (boolean ignoring : new boolean[] {false, true}) {
                    if (ignoring && count == 1) continue; // the unbatched case has one position
                    long[] t = targets(count, 4, ignoring, ignore, 5);
                    for (double[] w : new double[][] {null, WEIGHTS}) {
                        for (double eps : new double[] {0, 0.25, 1}) {
                            for (Reduction red : Reduction.values()) {
                                CrossEntropyLoss loss = new CrossEntropyLoss(w == null ? null : NDArray.of(w), ignore, eps, red);
                                Tensor got = loss.forward(Tensor.of(x), targetArray(t, shape));
                                double[] expected = reduce(reference(xs, shape, t, w, eps, ignore, true), red);
                                String what = loss + " on " + Arrays.toString(shape) + " targets " + Arrays.toString(t);
                                if (red == Reduction.NONE) assertArrayEquals(targetShape(shape), got.shape(), what);
                                else assertEquals(0, got.rank(), what);
                                assertArrayEquals(expected, got.data().toDoubleArray(), 1e-12, what);
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(2 * 2 * 2 * 2 * 3 * 3 + 2 * 2 * 3 * 3, cases);
    }

    @Test
    void nllMatchesTheFormulaForEveryOptionCombination() {
        for (int[] shape : SHAPES) {
            NDArray logp = NDArray.randn(new Generator(12), DType.FLOAT64, shape).logSoftmax(shape.length == 1 ? 0 : 1);
            double[] ls = logp.toDoubleArray();
            int count = Math.max(1, NDArray.zeros(targetShape(shape)).numel());
            for (boolean ignoring : new boolean[] {false, true}) {
                if (ignoring && count == 1) continue;
                long[] t = targets(count, 4, ignoring, IGNORE, 6);
                for (double[] w : new double[][] {null, WEIGHTS}) {
                    for (Reduction red : Reduction.values()) {
                        NllLoss loss = new NllLoss(w == null ? null : NDArray.of(w), IGNORE, red);
                        Tensor got = loss.forward(Tensor.of(logp), targetArray(t, shape));
                        double[] expected = reduce(reference(ls, shape, t, w, 0, IGNORE, false), red);
                        assertArrayEquals(expected, got.data().toDoubleArray(), 1e-12, loss + " on " + Arrays.toString(shape));
                    }
                }
            }
        }
    }

    @Test
    void crossEntropyEqualsNllOfLogSoftmax() {
        NDArray x = NDArray.randn(new Generator(13), DType.FLOAT64, 6, 5);
        NDArray t = NDArray.of(0L, 4, 2, IGNORE, 1, 3);
        NDArray w = NDArray.of(1.0, 2, 3, 4, 5);
        double ce = new CrossEntropyLoss().withWeight(w).forward(Tensor.of(x), t).item();
        double nll = new NllLoss().withWeight(w).forward(Tensor.of(x.logSoftmax(1)), t).item();
        assertEquals(nll, ce, 1e-12);
    }

    @Test
    void ignoredRowsContributeNothingAndLeaveTheDenominator() {
        NDArray x = NDArray.randn(new Generator(14), DType.FLOAT64, 4, 3);
        NDArray t = NDArray.of(2L, IGNORE, 0, IGNORE);
        NDArray kept = NDArray.cat(0, x.narrow(0, 0, 1), x.narrow(0, 2, 1));
        NDArray keptT = NDArray.of(2L, 0);
        for (double eps : new double[] {0, 0.1}) {
            for (NDArray w : new NDArray[] {null, NDArray.of(0.2, 1.5, 3.0)}) {
                CrossEntropyLoss loss = new CrossEntropyLoss(w, IGNORE, eps, Reduction.MEAN);
                Tensor xt = Tensor.param(x.copy());
                Tensor all = loss.forward(xt, t);
                double two = loss.forward(Tensor.of(kept), keptT).item();
                assertEquals(two, all.item(), 1e-12, "mean over 4 rows with 2 ignored = mean over the 2 kept rows");
                all.backward();
                NDArray g = xt.grad();
                for (int row : new int[] {1, 3})
                    for (int c = 0; c < 3; c++) assertEquals(0.0, g.getDouble(row, c), "gradient of ignored row " + row);
                double[] none = new CrossEntropyLoss(w, IGNORE, eps, Reduction.NONE).forward(Tensor.of(x), t).data().toDoubleArray();
                assertEquals(0.0, none[1]);
                assertEquals(0.0, none[3]);
            }
        }
    }

    @Test
    void everythingIgnoredGivesNaNForTheMeanAndZeroForTheSum() {
        NDArray x = NDArray.randn(new Generator(15), DType.FLOAT64, 2, 3);
        NDArray t = NDArray.of(IGNORE, IGNORE);
        assertTrue(Double.isNaN(new CrossEntropyLoss().forward(Tensor.of(x), t).item()));
        assertEquals(0.0, new CrossEntropyLoss().withReduction(Reduction.SUM).forward(Tensor.of(x), t).item());
    }

    @Test
    void crossEntropyIsStableForHugeLogitsInFloat32() {
        NDArray x = NDArray.of(1000f, -1000f, 0f, 0f, 2000f, 1999f).reshape(2, 3);
        NDArray t = NDArray.of(1L, 2);
        double got = new CrossEntropyLoss().forward(Tensor.of(x), t).item();
        double row0 = 2000, row1 = -1999 + 2000 + Math.log(1 + Math.exp(-1)); // −logp: lse − x_y
        assertEquals((row0 + row1) / 2, got, 1e-3);
        assertTrue(Double.isFinite(got));
    }

    @Test
    void int32TargetsAreAccepted() {
        NDArray x = NDArray.randn(new Generator(16), DType.FLOAT64, 3, 4);
        double a = new CrossEntropyLoss().forward(Tensor.of(x), NDArray.of(1, 3, 0)).item();
        double b = new CrossEntropyLoss().forward(Tensor.of(x), NDArray.of(1L, 3, 0)).item();
        assertEquals(b, a, 0.0);
    }

    // ================================================================ gradients

    @Test
    void crossEntropyGradientsForEveryOptionCombination() {
        for (int[] shape : new int[][] {{3, 4}, {2, 4, 3}}) {
            NDArray x = NDArray.randn(new Generator(21), DType.FLOAT64, shape);
            int count = NDArray.zeros(targetShape(shape)).numel();
            for (boolean ignoring : new boolean[] {false, true}) {
                NDArray t = targetArray(targets(count, 4, ignoring, IGNORE, 7), shape);
                for (double[] w : new double[][] {null, WEIGHTS}) {
                    for (double eps : new double[] {0, 0.3}) {
                        for (Reduction red : Reduction.values()) {
                            CrossEntropyLoss loss = new CrossEntropyLoss(w == null ? null : NDArray.of(w), IGNORE, eps, red);
                            GradCheck.check(loss + Arrays.toString(shape) + ignoring, in -> loss.forward(in[0], t),
                                    new NDArray[] {x.copy()}, new boolean[] {true});
                        }
                    }
                }
            }
        }
    }

    @Test
    void nllGradientsForEveryOptionCombination() {
        for (int[] shape : new int[][] {{3, 4}, {2, 4, 3}}) {
            NDArray x = NDArray.randn(new Generator(22), DType.FLOAT64, shape);
            int count = NDArray.zeros(targetShape(shape)).numel();
            for (boolean ignoring : new boolean[] {false, true}) {
                NDArray t = targetArray(targets(count, 4, ignoring, IGNORE, 8), shape);
                for (double[] w : new double[][] {null, WEIGHTS}) {
                    for (Reduction red : Reduction.values()) {
                        NllLoss loss = new NllLoss(w == null ? null : NDArray.of(w), IGNORE, red);
                        GradCheck.check(loss + Arrays.toString(shape) + ignoring, in -> loss.forward(in[0], t),
                                new NDArray[] {x.copy()}, new boolean[] {true});
                    }
                }
            }
        }
    }

    // ================================================================ validation

    @Test
    void labelsOutOfRangeNameTheValueAndTheClassCount() {
        NDArray x = NDArray.zeros(DType.FLOAT32, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(Tensor.of(x), NDArray.of(0L, 7, 1)));
        assertTrue(e.getMessage().contains("target value 7") && e.getMessage().contains("C = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NllLoss().forward(Tensor.of(x), NDArray.of(0L, -1, 1)));
        assertTrue(e.getMessage().startsWith("NllLoss") && e.getMessage().contains("target value -1"), e.getMessage());
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        NDArray x = NDArray.zeros(DType.FLOAT32, 3, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(Tensor.of(x), NDArray.zeros(DType.INT64, 3, 4)));
        assertTrue(e.getMessage().contains("(3, 4, 5)") && e.getMessage().contains("(3, 5)") && e.getMessage().contains("(3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().withWeight(NDArray.of(1.0, 2.0)).forward(Tensor.of(x), NDArray.zeros(DType.INT64, 3, 5)));
        assertTrue(e.getMessage().contains("2 class weights") && e.getMessage().contains("4 classes"), e.getMessage());
    }

    @Test
    void nonIntegerTargetsAreRefused() {
        NDArray x = NDArray.zeros(DType.FLOAT32, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(Tensor.of(x), NDArray.of(0f, 1f)));
        assertTrue(e.getMessage().contains("integer class indices") && e.getMessage().contains("float32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NllLoss().forward(Tensor.of(x), NDArray.of(true, false)));
        assertTrue(e.getMessage().contains("integer class indices"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(Tensor.of(NDArray.zeros(DType.INT64, 2, 3)), NDArray.of(0L, 1)));
        assertTrue(e.getMessage().contains("input must be floating"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss().withLabelSmoothing(1.5));
        assertThrows(IllegalArgumentException.class, () -> new NllLoss().withWeight(NDArray.of(1L, 2)));
    }
}
