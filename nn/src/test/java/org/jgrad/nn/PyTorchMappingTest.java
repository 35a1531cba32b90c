package org.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.Tensor;
import org.jgrad.autograd.ValuesAndIndices;
import org.jgrad.nn.losses.BceWeights;
import org.jgrad.nn.losses.Reduction;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of docs/pytorch-to-jgrad.md, row by row: each row's case (its last column) runs the
 * jgrad call in float64 and compares it with values computed here independently, by an explicit
 * loop or formula in double arithmetic (PyTorch's definition of the op, not jgrad's code); a
 * differentiable row also passes {@link GradCheck}'s float64 finite-difference check. A row
 * without a case, a case without a row, or a case named twice fails.
 */
class PyTorchMappingTest {
    private static final Path PAGE = Path.of("..", "docs", "pytorch-to-jgrad.md").toAbsolutePath().normalize();
    private static final double TOL = 1e-10;

    // ---------------------------------------------------------------- the page and the cases

    /** The "case" column of the page's table, in order. */
    static List<String> rows() {
        List<String> cases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(PAGE)) {
                if (!line.startsWith("|") || line.startsWith("| PyTorch") || line.startsWith("| ---")) continue;
                String[] cells = line.split("\\|");
                cases.add(cells[cells.length - 1].trim().replace("`", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    static Stream<String> rowCases() { return rows().stream(); }

    @Test
    void everyRowHasACaseAndEveryCaseARow() {
        List<String> rows = rows();
        assertTrue(rows.size() > 40, "the table of " + PAGE + " has only " + rows.size() + " rows");
        assertEquals(new TreeSet<>(rows).size(), rows.size(), "a case is named by two rows: " + rows);
        TreeSet<String> noCase = new TreeSet<>(rows), noRow = new TreeSet<>(CASES.keySet());
        noCase.removeAll(CASES.keySet());
        noRow.removeAll(rows);
        assertTrue(noCase.isEmpty(), "rows of " + PAGE.getFileName() + " without a case: " + noCase);
        assertTrue(noRow.isEmpty(), "cases without a row in " + PAGE.getFileName() + ": " + noRow);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowCases")
    void theJgradCallMatchesTheIndependentFloat64Values(String name) {
        Runnable check = CASES.get(name);
        assertNotNull(check, "the row " + name + " of " + PAGE.getFileName() + " has no case");
        check.run();
    }

    private static final Map<String, Runnable> CASES = new LinkedHashMap<>();

    private static void add(String name, Runnable check) {
        if (CASES.put(name, check) != null) throw new IllegalStateException("case " + name + " defined twice");
    }

    // ---------------------------------------------------------------- helpers

    private static NDArray randn(long seed, int... shape) { return NDArray.randn(new Generator(seed), DType.FLOAT64, shape); }

    /** Uniform in [lo, hi). */
    private static NDArray uniform(long seed, double lo, double hi, int... shape) {
        return NDArray.rand(new Generator(seed), DType.FLOAT64, shape).mul(hi - lo).add(lo);
    }

    private static NDArray longs(int[] shape, long... values) { return NDArray.of(values).reshape(shape); }

    private static double[] v(NDArray a) { return a.toDoubleArray(); }

    /** Shape, dtype float64 and every value within {@link #TOL} (relative above 1). */
    private static void assertValues(String what, int[] shape, double[] want, Tensor got) {
        assertEquals(DType.FLOAT64, got.dtype(), what + " dtype");
        assertArrayEquals(shape, got.shape(), what + " shape");
        double[] g = v(got.data());
        for (int i = 0; i < want.length; i++)
            assertEquals(want[i], g[i], TOL * Math.max(1, Math.abs(want[i])), what + " element " + i);
    }

    private static void gradcheck(String name, Function<Tensor[], Tensor> f, NDArray... inputs) {
        boolean[] all = new boolean[inputs.length];
        java.util.Arrays.fill(all, true);
        GradCheck.check(name, f, inputs, all);
    }

    /** An elementwise row: values against {@code ref} at every element, then the gradient check. */
    private static void elementwise(String name, NDArray x, Function<Tensor, Tensor> op, DoubleUnaryOperator ref) {
        double[] xs = v(x), want = new double[xs.length];
        for (int i = 0; i < xs.length; i++) want[i] = ref.applyAsDouble(xs[i]);
        assertValues(name, x.shape(), want, op.apply(Tensor.of(x)));
        gradcheck(name, t -> op.apply(t[0]), x);
    }

    private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** erf by its Maclaurin series, to ~1e-13 for |z| < 3.5 (the inputs here stay well inside). */
    private static double erf(double z) {
        double term = z, sum = z;
        for (int n = 1; n < 200 && Math.abs(term) > 1e-17; n++) {
            term *= -z * z / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** log Σ exp over the row r of a (rows, cols) array, by the max shift. */
    private static double logsumexpRow(double[] x, int r, int cols) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (int c = 0; c < cols; c++) m = Math.max(m, x[r * cols + c]);
        for (int c = 0; c < cols; c++) s += Math.exp(x[r * cols + c] - m);
        return m + Math.log(s);
    }

    /** PyTorch's pooled size along one axis, ceil mode included (the last window starts inside the input or its left padding). */
    private static int pooledSize(int n, int k, int s, int p, boolean ceil) {
        int span = n + 2 * p - k;
        int out = (ceil ? -Math.floorDiv(-span, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (out - 1) * s >= n + p) out--;
        return out;
    }

    // ---------------------------------------------------------------- the cases

    static {
        add("matmul", () -> {
            NDArray a = randn(1, 3, 4), b = randn(2, 4, 5);
            double[] as = v(a), bs = v(b), want = new double[15];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 5; j++)
                    for (int k = 0; k < 4; k++) want[i * 5 + j] += as[i * 4 + k] * bs[k * 5 + j];
            assertValues("matmul", new int[] {3, 5}, want, Tensor.of(a).matmul(Tensor.of(b)));
            gradcheck("matmul", t -> t[0].matmul(t[1]), a, b);
        });
        add("linear", () -> {
            NDArray x = randn(3, 2, 3, 4), w = randn(4, 5, 4), b = randn(5, 5);
            double[] xs = v(x), ws = v(w), bs = v(b), want = new double[2 * 3 * 5];
            for (int r = 0; r < 6; r++)
                for (int o = 0; o < 5; o++) {
                    double acc = bs[o];
                    for (int i = 0; i < 4; i++) acc += xs[r * 4 + i] * ws[o * 4 + i];
                    want[r * 5 + o] = acc;
                }
            assertValues("linear", new int[] {2, 3, 5}, want, Functional.linear(Tensor.of(x), Tensor.of(w), Tensor.of(b)));
            gradcheck("linear", t -> Functional.linear(t[0], t[1], t[2]), x, w, b);
        });
        add("conv2d", () -> {
            int n = 2, c = 3, h = 6, w = 5, o = 4, k = 3, s = 2, p = 1;
            NDArray x = randn(6, n, c, h, w), wt = randn(7, o, c, k, k), b = randn(8, o);
            int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
            double[] xs = v(x), ws = v(wt), bs = v(b), want = new double[n * o * oh * ow];
            for (int ni = 0; ni < n; ni++)
                for (int oi = 0; oi < o; oi++)
                    for (int y = 0; y < oh; y++)
                        for (int z = 0; z < ow; z++) {
                            double acc = bs[oi];
                            for (int ci = 0; ci < c; ci++)
                                for (int kh = 0; kh < k; kh++)
                                    for (int kw = 0; kw < k; kw++) {
                                        int ih = y * s - p + kh, iw = z * s - p + kw;
                                        if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                                            acc += xs[((ni * c + ci) * h + ih) * w + iw] * ws[((oi * c + ci) * k + kh) * k + kw];
                                    }
                            want[((ni * o + oi) * oh + y) * ow + z] = acc;
                        }
            Conv2dParams params = Conv2dParams.DEFAULT.stride(2).padding(1);
            assertValues("conv2d", new int[] {n, o, oh, ow}, want, Functional.conv2d(Tensor.of(x), Tensor.of(wt), Tensor.of(b), params));
            gradcheck("conv2d", t -> Functional.conv2d(t[0], t[1], t[2], params), x, wt, b);
        });
        add("conv_transpose2d", () -> {
            int n = 1, c = 2, h = 3, w = 3, o = 3, k = 3, s = 2, p = 1, op = 1;
            NDArray x = randn(9, n, c, h, w), wt = randn(10, c, o, k, k), b = randn(11, o);
            int oh = (h - 1) * s - 2 * p + k + op, ow = (w - 1) * s - 2 * p + k + op;
            double[] xs = v(x), ws = v(wt), bs = v(b), want = new double[n * o * oh * ow];
            for (int ni = 0; ni < n; ni++)
                for (int oi = 0; oi < o; oi++)
                    for (int y = 0; y < oh * ow; y++) want[(ni * o + oi) * oh * ow + y] = bs[oi];
            for (int ni = 0; ni < n; ni++)   // every input element scattered through the kernel
                for (int ci = 0; ci < c; ci++)
                    for (int ih = 0; ih < h; ih++)
                        for (int iw = 0; iw < w; iw++)
                            for (int oi = 0; oi < o; oi++)
                                for (int kh = 0; kh < k; kh++)
                                    for (int kw = 0; kw < k; kw++) {
                                        int y = ih * s - p + kh, z = iw * s - p + kw;
                                        if (y >= 0 && y < oh && z >= 0 && z < ow)
                                            want[((ni * o + oi) * oh + y) * ow + z] += xs[((ni * c + ci) * h + ih) * w + iw] * ws[((ci * o + oi) * k + kh) * k + kw];
                                    }
            Conv2dParams params = Conv2dParams.DEFAULT.stride(2).padding(1).outputPadding(1);
            assertValues("conv_transpose2d", new int[] {n, o, oh, ow}, want,
                    Functional.convTranspose2d(Tensor.of(x), Tensor.of(wt), Tensor.of(b), params));
            gradcheck("conv_transpose2d", t -> Functional.convTranspose2d(t[0], t[1], t[2], params), x, wt, b);
        });
        add("max_pool2d", () -> {
            int c = 2, h = 6, w = 7, k = 3, s = 2, p = 1;
            NDArray x = randn(12, 1, c, h, w);
            int oh = pooledSize(h, k, s, p, true), ow = pooledSize(w, k, s, p, true);
            double[] xs = v(x), want = new double[c * oh * ow];
            for (int ci = 0; ci < c; ci++)
                for (int y = 0; y < oh; y++)
                    for (int z = 0; z < ow; z++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int ih = y * s - p; ih < y * s - p + k; ih++)
                            for (int iw = z * s - p; iw < z * s - p + k; iw++)
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w) m = Math.max(m, xs[(ci * h + ih) * w + iw]);
                        want[(ci * oh + y) * ow + z] = m;
                    }
            Pool2dParams params = Pool2dParams.kernel(3).stride(2).padding(1).ceilMode(true);
            assertValues("max_pool2d", new int[] {1, c, oh, ow}, want, Functional.maxPool2d(Tensor.of(x), params));
            gradcheck("max_pool2d", t -> Functional.maxPool2d(t[0], params), x);
        });
        add("max_pool2d_indices", () -> {
            int c = 2, h = 4, w = 6;
            NDArray x = randn(13, 1, c, h, w);
            double[] xs = v(x), want = new double[c * 2 * 3];
            long[] index = new long[want.length];
            for (int ci = 0; ci < c; ci++)
                for (int y = 0; y < 2; y++)
                    for (int z = 0; z < 3; z++) {
                        int at = (ci * 2 + y) * 3 + z;
                        want[at] = Double.NEGATIVE_INFINITY;
                        for (int ih = 2 * y; ih < 2 * y + 2; ih++)
                            for (int iw = 2 * z; iw < 2 * z + 2; iw++)
                                if (xs[(ci * h + ih) * w + iw] > want[at]) {
                                    want[at] = xs[(ci * h + ih) * w + iw];
                                    index[at] = (long) ih * w + iw;
                                }
                    }
            ValuesAndIndices got = Functional.maxPool2dWithIndices(Tensor.of(x), Pool2dParams.kernel(2));
            assertValues("max_pool2d_indices values", new int[] {1, c, 2, 3}, want, got.values());
            assertEquals(DType.INT64, got.indices().dtype());
            assertArrayEquals(new int[] {1, c, 2, 3}, got.indices().shape());
            assertArrayEquals(index, got.indices().toLongArray(), "max_pool2d_indices indices (ih·W + iw)");
            gradcheck("max_pool2d_indices", t -> Functional.maxPool2dWithIndices(t[0], Pool2dParams.kernel(2)).values(), x);
        });
        add("avg_pool2d", () -> {
            int c = 2, h = 6, w = 5, k = 3, s = 2, p = 1;
            NDArray x = randn(14, 1, c, h, w);
            int oh = pooledSize(h, k, s, p, true), ow = pooledSize(w, k, s, p, true);
            double[] xs = v(x), want = new double[c * oh * ow];
            for (int ci = 0; ci < c; ci++)
                for (int y = 0; y < oh; y++)
                    for (int z = 0; z < ow; z++) {
                        double sum = 0;
                        int taps = 0;   // count_include_pad=False: only the taps inside the input
                        for (int ih = y * s - p; ih < y * s - p + k; ih++)
                            for (int iw = z * s - p; iw < z * s - p + k; iw++)
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                    sum += xs[(ci * h + ih) * w + iw];
                                    taps++;
                                }
                        want[(ci * oh + y) * ow + z] = sum / taps;
                    }
            Pool2dParams params = Pool2dParams.kernel(3).stride(2).padding(1).ceilMode(true).countIncludePad(false);
            assertValues("avg_pool2d", new int[] {1, c, oh, ow}, want, Functional.avgPool2d(Tensor.of(x), params));
            gradcheck("avg_pool2d", t -> Functional.avgPool2d(t[0], params), x);
        });
        add("adaptive_avg_pool2d", () -> {
            int c = 2, h = 5, w = 7, oh = 2, ow = 3;
            NDArray x = randn(15, 1, c, h, w);
            double[] xs = v(x), want = new double[c * oh * ow];
            for (int ci = 0; ci < c; ci++)
                for (int y = 0; y < oh; y++)
                    for (int z = 0; z < ow; z++) {
                        int h0 = Math.floorDiv(y * h, oh), h1 = -Math.floorDiv(-(y + 1) * h, oh);
                        int w0 = Math.floorDiv(z * w, ow), w1 = -Math.floorDiv(-(z + 1) * w, ow);
                        double sum = 0;
                        for (int ih = h0; ih < h1; ih++)
                            for (int iw = w0; iw < w1; iw++) sum += xs[(ci * h + ih) * w + iw];
                        want[(ci * oh + y) * ow + z] = sum / ((h1 - h0) * (w1 - w0));
                    }
            assertValues("adaptive_avg_pool2d", new int[] {1, c, oh, ow}, want, Functional.adaptiveAvgPool2d(Tensor.of(x), oh, ow));
            gradcheck("adaptive_avg_pool2d", t -> Functional.adaptiveAvgPool2d(t[0], oh, ow), x);
        });
        add("layer_norm", () -> {
            NDArray x = randn(16, 2, 3, 4), g = randn(17, 4), b = randn(18, 4);
            double[] xs = v(x), gs = v(g), bs = v(b), want = new double[24];
            for (int r = 0; r < 6; r++) {
                double mean = 0, var = 0;
                for (int i = 0; i < 4; i++) mean += xs[r * 4 + i] / 4;
                for (int i = 0; i < 4; i++) var += (xs[r * 4 + i] - mean) * (xs[r * 4 + i] - mean) / 4;
                for (int i = 0; i < 4; i++) want[r * 4 + i] = (xs[r * 4 + i] - mean) / Math.sqrt(var + 1e-5) * gs[i] + bs[i];
            }
            assertValues("layer_norm", new int[] {2, 3, 4}, want,
                    Functional.layerNorm(Tensor.of(x), new int[] {4}, Tensor.of(g), Tensor.of(b), 1e-5));
            gradcheck("layer_norm", t -> Functional.layerNorm(t[0], new int[] {4}, t[1], t[2], 1e-5), x, g, b);
        });
        add("embedding", () -> {
            NDArray weight = randn(19, 5, 4), idx = longs(new int[] {2, 3}, 4, 0, 2, 2, 1, 4);   // repeats accumulate
            double[] ws = v(weight), want = new double[2 * 3 * 4];
            long[] is = idx.toLongArray();
            for (int i = 0; i < 6; i++)
                for (int d = 0; d < 4; d++) want[i * 4 + d] = ws[(int) is[i] * 4 + d];
            assertValues("embedding", new int[] {2, 3, 4}, want, Functional.embedding(idx, Tensor.of(weight)));
            assertValues("embedding (tensor indices)", new int[] {2, 3, 4}, want, Functional.embedding(Tensor.of(idx), Tensor.of(weight)));
            gradcheck("embedding", t -> Functional.embedding(idx, t[0]), weight);
        });
        add("dropout", () -> {
            NDArray x = uniform(20, 0.5, 1.5, 20, 50);   // no zeros: a zero output is a dropped element
            double[] xs = v(x), ys = v(Functional.dropout(Tensor.of(x), 0.5, true, new Generator(21)).data());
            int kept = 0;
            for (int i = 0; i < xs.length; i++) {
                if (ys[i] != 0) {
                    assertEquals(xs[i] / (1 - 0.5), ys[i], TOL, "dropout: a kept element is scaled by 1/(1 - p)");
                    kept++;
                }
            }
            assertTrue(kept > 450 && kept < 550, "dropout p=0.5 kept " + kept + " of 1000");
            assertArrayEquals(ys, v(Functional.dropout(Tensor.of(x), 0.5, true, new Generator(21)).data()), "the same generator, the same mask");
            Tensor eval = Tensor.of(x);
            assertSame(eval, Functional.dropout(eval, 0.5, false, new Generator(21)), "not training: the identity");
            gradcheck("dropout", t -> Functional.dropout(t[0], 0.5, true, new Generator(22)), randn(23, 3, 4));
        });
        add("relu", () -> elementwise("relu", randn(24, 3, 5), Tensor::relu, x -> Math.max(x, 0)));
        add("leaky_relu", () -> elementwise("leaky_relu", randn(25, 3, 5), t -> Functional.leakyRelu(t, 0.1), x -> x > 0 ? x : 0.1 * x));
        add("elu", () -> elementwise("elu", randn(26, 3, 5), t -> t.elu(1.5), x -> x > 0 ? x : 1.5 * (Math.exp(x) - 1)));
        add("hardtanh", () -> elementwise("hardtanh", randn(27, 3, 5).mul(2), t -> t.hardtanh(-1, 2), x -> Math.min(2, Math.max(-1, x))));
        add("softplus", () -> elementwise("softplus", randn(28, 3, 5).mul(3), t -> t.softplus(2, 5),
                x -> 2 * x > 5 ? x : Math.log(1 + Math.exp(2 * x)) / 2));
        add("gelu", () -> elementwise("gelu", randn(29, 3, 5), Tensor::gelu, x -> x * 0.5 * (1 + erf(x / Math.sqrt(2)))));
        add("gelu_tanh", () -> elementwise("gelu_tanh", randn(30, 3, 5), Tensor::geluTanh,
                x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))));
        add("silu", () -> elementwise("silu", randn(31, 3, 5), Tensor::silu, x -> x * sigmoid(x)));
        add("mish", () -> elementwise("mish", randn(32, 3, 5), Tensor::mish, x -> x * Math.tanh(Math.log(1 + Math.exp(x)))));
        add("sigmoid", () -> elementwise("sigmoid", randn(33, 3, 5), Tensor::sigmoid, PyTorchMappingTest::sigmoid));
        add("tanh", () -> elementwise("tanh", randn(34, 3, 5), Tensor::tanh, Math::tanh));
        add("log1p", () -> elementwise("log1p", uniform(35, -0.9, 3, 3, 5), Tensor::log1p, Math::log1p));
        add("expm1", () -> elementwise("expm1", randn(36, 3, 5), Tensor::expm1, Math::expm1));
        add("clamp_min", () -> elementwise("clamp_min", randn(37, 3, 5), t -> t.clampMin(-0.5), x -> Math.max(x, -0.5)));
        add("clamp_max", () -> elementwise("clamp_max", randn(38, 3, 5), t -> t.clampMax(0.5), x -> Math.min(x, 0.5)));
        add("softmax", () -> {
            NDArray x = randn(39, 3, 5);
            double[] xs = v(x), want = new double[15];
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 5; c++) want[r * 5 + c] = Math.exp(xs[r * 5 + c] - logsumexpRow(xs, r, 5));
            assertValues("softmax", new int[] {3, 5}, want, Tensor.of(x).softmax(1));
            gradcheck("softmax", t -> t[0].softmax(1), x);
        });
        add("log_softmax", () -> {
            NDArray x = randn(40, 3, 5);
            double[] xs = v(x), want = new double[15];
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 5; c++) want[r * 5 + c] = xs[r * 5 + c] - logsumexpRow(xs, r, 5);
            assertValues("log_softmax", new int[] {3, 5}, want, Tensor.of(x).logSoftmax(1));
            gradcheck("log_softmax", t -> t[0].logSoftmax(1), x);
        });
        add("max_dim", () -> extremeAlong("max_dim", 41, true, false));
        add("min_dim", () -> extremeAlong("min_dim", 42, false, true));
        add("sum_all", () -> {
            NDArray x = randn(43, 3, 4);
            double sum = 0;
            for (double e : v(x)) sum += e;
            assertValues("sum_all", new int[] {}, new double[] {sum}, Tensor.of(x).sum());
            gradcheck("sum_all", t -> t[0].sum(), x);
        });
        add("sum_dim", () -> {
            NDArray x = randn(44, 3, 4);
            double[] xs = v(x), want = new double[3];
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 4; c++) want[r] += xs[r * 4 + c];
            assertValues("sum_dim", new int[] {3, 1}, want, Tensor.of(x).sum(new int[] {1}, true));
            gradcheck("sum_dim", t -> t[0].sum(new int[] {1}, true), x);
        });
        add("mean_dims", () -> {
            NDArray x = randn(45, 2, 3, 4);
            double[] xs = v(x), want = new double[3];
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 3; b++)
                    for (int c = 0; c < 4; c++) want[b] += xs[(a * 3 + b) * 4 + c] / 8;
            assertValues("mean_dims", new int[] {3}, want, Tensor.of(x).mean(new int[] {0, 2}, false));
            gradcheck("mean_dims", t -> t[0].mean(new int[] {0, 2}, false), x);
        });
        add("var_dim", () -> {
            NDArray x = randn(46, 3, 5);
            double[] xs = v(x), want = new double[3];
            for (int r = 0; r < 3; r++) {
                double mean = 0;
                for (int c = 0; c < 5; c++) mean += xs[r * 5 + c] / 5;
                for (int c = 0; c < 5; c++) want[r] += (xs[r * 5 + c] - mean) * (xs[r * 5 + c] - mean) / (5 - 1);
            }
            assertValues("var_dim", new int[] {3}, want, Tensor.of(x).var(new int[] {1}, 1, false));
            gradcheck("var_dim", t -> t[0].var(new int[] {1}, 1, false), x);
        });
        add("logsumexp", () -> {
            NDArray x = randn(47, 3, 5).mul(10);
            double[] xs = v(x), want = new double[3];
            for (int r = 0; r < 3; r++) {
                double s = 0;
                for (int c = 0; c < 5; c++) s += Math.exp(xs[r * 5 + c]);
                want[r] = Math.log(s);
            }
            assertValues("logsumexp", new int[] {3}, want, Tensor.of(x).logsumexp(new int[] {1}, false));
            gradcheck("logsumexp", t -> t[0].logsumexp(new int[] {1}, false), x);
        });
        add("cat", () -> {
            NDArray a = randn(48, 2, 3), b = randn(49, 2, 2);
            double[] as = v(a), bs = v(b), want = new double[10];
            for (int r = 0; r < 2; r++)
                for (int c = 0; c < 5; c++) want[r * 5 + c] = c < 3 ? as[r * 3 + c] : bs[r * 2 + c - 3];
            assertValues("cat", new int[] {2, 5}, want, Tensor.cat(1, Tensor.of(a), Tensor.of(b)));
            gradcheck("cat", t -> Tensor.cat(1, t[0], t[1]), a, b);
        });
        add("chunk", () -> {
            NDArray x = randn(50, 2, 5);
            double[] xs = v(x);
            Tensor[] pieces = Tensor.of(x).chunkAlong(1, 2);   // torch.chunk: pieces of ceil(5 / 2) = 3, the last smaller
            assertEquals(2, pieces.length);
            for (int p = 0, at = 0; p < 2; at += pieces[p].shape(1), p++) {
                int width = p == 0 ? 3 : 2;
                double[] want = new double[2 * width];
                for (int r = 0; r < 2; r++)
                    for (int c = 0; c < width; c++) want[r * width + c] = xs[r * 5 + at + c];
                assertValues("chunk piece " + p, new int[] {2, width}, want, pieces[p]);
            }
            gradcheck("chunk", t -> {
                Tensor[] q = t[0].chunkAlong(1, 2);
                return q[0].sum(new int[] {1}, false).add(q[1].mul(q[1]).sum(new int[] {1}, false));
            }, x);
        });
        add("gather", () -> {
            NDArray x = randn(51, 3, 4), idx = longs(new int[] {3, 2}, 3, 0, 1, 1, 2, 0);
            double[] xs = v(x), want = new double[6];
            long[] is = idx.toLongArray();
            for (int r = 0; r < 3; r++)
                for (int j = 0; j < 2; j++) want[r * 2 + j] = xs[r * 4 + (int) is[r * 2 + j]];
            assertValues("gather", new int[] {3, 2}, want, Tensor.of(x).gather(1, idx));
            gradcheck("gather", t -> t[0].gather(1, idx), x);
        });
        add("cross_entropy", () -> {
            NDArray x = randn(52, 4, 5), target = longs(new int[] {4}, 1, 4, 0, 1);
            double[] xs = v(x);
            long[] ts = target.toLongArray();
            double loss = 0;
            for (int n = 0; n < 4; n++) loss += (logsumexpRow(xs, n, 5) - xs[n * 5 + (int) ts[n]]) / 4;
            assertValues("cross_entropy", new int[] {}, new double[] {loss}, Functional.crossEntropy(Tensor.of(x), target));
            gradcheck("cross_entropy", t -> Functional.crossEntropy(t[0], target), x);
        });
        add("cross_entropy_weighted", () -> {
            NDArray x = randn(53, 4, 5), target = longs(new int[] {4}, 1, 4, 0, 1), weight = uniform(54, 0.5, 2, 5);
            double[] xs = v(x), ws = v(weight);
            long[] ts = target.toLongArray();
            double eps = 0.1, sum = 0, weights = 0;
            for (int n = 0; n < 4; n++) {   // (1 − ε)·w[y]·(−log p_y) + (ε/C)·Σ_c w_c·(−log p_c); the mean divides by Σ w[y]
                int y = (int) ts[n];
                double lse = logsumexpRow(xs, n, 5), smooth = 0;
                for (int c = 0; c < 5; c++) smooth += ws[c] * (lse - xs[n * 5 + c]);
                sum += (1 - eps) * ws[y] * (lse - xs[n * 5 + y]) + eps / 5 * smooth;
                weights += ws[y];
            }
            assertValues("cross_entropy_weighted", new int[] {}, new double[] {sum / weights},
                    Functional.crossEntropy(Tensor.of(x), target, weight, -100, 0.1, Reduction.MEAN));
            gradcheck("cross_entropy_weighted", t -> Functional.crossEntropy(t[0], target, weight, -100, 0.1, Reduction.MEAN), x);
        });
        add("nll_loss", () -> {
            NDArray x = randn(55, 4, 5), target = longs(new int[] {4}, 2, 2, 3, 0);
            double[] xs = v(x);
            long[] ts = target.toLongArray();
            double loss = 0;
            for (int n = 0; n < 4; n++) loss -= xs[n * 5 + (int) ts[n]] / 4;
            assertValues("nll_loss", new int[] {}, new double[] {loss}, Functional.nllLoss(Tensor.of(x), target));
            gradcheck("nll_loss", t -> Functional.nllLoss(t[0], target), x);
        });
        add("mse_loss", () -> {
            NDArray x = randn(56, 3, 4), y = randn(57, 3, 4);
            double[] xs = v(x), ys = v(y);
            double loss = 0;
            for (int i = 0; i < 12; i++) loss += (xs[i] - ys[i]) * (xs[i] - ys[i]) / 12;
            assertValues("mse_loss", new int[] {}, new double[] {loss}, Functional.mseLoss(Tensor.of(x), Tensor.of(y), Reduction.MEAN));
            gradcheck("mse_loss", t -> Functional.mseLoss(t[0], t[1], Reduction.MEAN), x, y);
        });
        add("l1_loss", () -> {
            NDArray x = randn(58, 3, 4), y = randn(59, 3, 4);
            double[] xs = v(x), ys = v(y);
            double loss = 0;
            for (int i = 0; i < 12; i++) loss += Math.abs(xs[i] - ys[i]);
            assertValues("l1_loss", new int[] {}, new double[] {loss}, Functional.l1Loss(Tensor.of(x), Tensor.of(y), Reduction.SUM));
            gradcheck("l1_loss", t -> Functional.l1Loss(t[0], t[1], Reduction.SUM), x, y);
        });
        add("binary_cross_entropy", () -> {
            NDArray p = uniform(60, 0.05, 0.95, 3, 4), y = uniform(61, 0, 1, 3, 4);
            double[] ps = v(p), ys = v(y);
            double loss = 0;
            for (int i = 0; i < 12; i++) loss -= (ys[i] * Math.log(ps[i]) + (1 - ys[i]) * Math.log(1 - ps[i])) / 12;
            assertValues("binary_cross_entropy", new int[] {}, new double[] {loss},
                    Functional.binaryCrossEntropy(Tensor.of(p), Tensor.of(y), null, Reduction.MEAN));
            gradcheck("binary_cross_entropy", t -> Functional.binaryCrossEntropy(t[0], Tensor.of(y), null, Reduction.MEAN), p);
        });
        add("bce_with_logits", () -> {
            NDArray x = randn(62, 3, 4).mul(2), y = uniform(63, 0, 1, 3, 4), pos = uniform(64, 0.5, 3, 4);
            double[] xs = v(x), ys = v(y), ps = v(pos);
            double loss = 0;
            for (int i = 0; i < 12; i++)   // −[p_c·y·log σ(x) + (1 − y)·log(1 − σ(x))], p broadcast over the last axis
                loss -= (ps[i % 4] * ys[i] * Math.log(sigmoid(xs[i])) + (1 - ys[i]) * Math.log(1 - sigmoid(xs[i]))) / 12;
            assertValues("bce_with_logits", new int[] {}, new double[] {loss},
                    Functional.binaryCrossEntropyWithLogits(Tensor.of(x), Tensor.of(y), BceWeights.posWeight(pos), Reduction.MEAN));
            gradcheck("bce_with_logits", t -> Functional.binaryCrossEntropyWithLogits(t[0], Tensor.of(y), BceWeights.posWeight(pos), Reduction.MEAN), x);
        });
    }

    /** x (4, 3, 2, 2) normalized per channel with μ and σ² (3): y = (x − μ)/√(σ² + ε)·γ + β. */
    private static double[] batchNormRef(double[] x, double[] mean, double[] var, double[] gamma, double[] beta) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = (i / 4) % 3;
            y[i] = (x[i] - mean[c]) / Math.sqrt(var[c] + 1e-5) * gamma[c] + beta[c];
        }
        return y;
    }

    static {
        add("batch_norm", () -> {
            NDArray x = randn(65, 4, 3, 2, 2), g = randn(66, 3), b = randn(67, 3);
            NDArray runningMean = randn(68, 3), runningVar = uniform(69, 0.5, 2, 3);
            double[] xs = v(x), rm = v(runningMean), rv = v(runningVar), mean = new double[3], var = new double[3];
            for (int i = 0; i < xs.length; i++) mean[(i / 4) % 3] += xs[i] / 16;   // M = N·H·W = 16 values per channel
            for (int i = 0; i < xs.length; i++) var[(i / 4) % 3] += (xs[i] - mean[(i / 4) % 3]) * (xs[i] - mean[(i / 4) % 3]) / 16;
            double[] want = batchNormRef(xs, mean, var, v(g), v(b)), wantMean = new double[3], wantVar = new double[3];
            for (int c = 0; c < 3; c++) {
                wantMean[c] = 0.9 * rm[c] + 0.1 * mean[c];
                wantVar[c] = 0.9 * rv[c] + 0.1 * var[c] * 16 / 15;   // the running variance is unbiased
            }
            assertValues("batch_norm", new int[] {4, 3, 2, 2}, want,
                    Functional.batchNorm(Tensor.of(x), runningMean, runningVar, Tensor.of(g), Tensor.of(b), true, 0.1, 1e-5));
            assertArrayEquals(wantMean, v(runningMean), TOL, "batch_norm: the running mean, updated in place");
            assertArrayEquals(wantVar, v(runningVar), TOL, "batch_norm: the running variance, updated in place");
            assertValues("batch_norm without running statistics", new int[] {4, 3, 2, 2}, want,
                    Functional.batchNorm(Tensor.of(x), null, null, Tensor.of(g), Tensor.of(b), true, 0.1, 1e-5));
            gradcheck("batch_norm", t -> Functional.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5), x, g, b);
        });
        add("batch_norm_eval", () -> {
            NDArray x = randn(70, 4, 3, 2, 2), g = randn(71, 3), b = randn(72, 3);
            NDArray runningMean = randn(73, 3), runningVar = uniform(74, 0.5, 2, 3);
            double[] rm = v(runningMean), rv = v(runningVar);
            assertValues("batch_norm_eval", new int[] {4, 3, 2, 2}, batchNormRef(v(x), rm, rv, v(g), v(b)),
                    Functional.batchNorm(Tensor.of(x), runningMean, runningVar, Tensor.of(g), Tensor.of(b), false, 0.1, 1e-5));
            assertArrayEquals(rm, v(runningMean), "batch_norm_eval leaves the running mean");
            assertArrayEquals(rv, v(runningVar), "batch_norm_eval leaves the running variance");
            gradcheck("batch_norm_eval", t -> Functional.batchNorm(t[0], runningMean, runningVar, t[1], t[2], false, 0.1, 1e-5), x, g, b);
        });
    }

    /** torch.max / torch.min along axis 1 of a (3, 5): the values and the index of each. */
    private static void extremeAlong(String name, long seed, boolean max, boolean keepDim) {
        NDArray x = randn(seed, 3, 5);
        double[] xs = v(x), want = new double[3];
        long[] index = new long[3];
        for (int r = 0; r < 3; r++) {
            want[r] = xs[r * 5];
            for (int c = 1; c < 5; c++)
                if (max ? xs[r * 5 + c] > want[r] : xs[r * 5 + c] < want[r]) {
                    want[r] = xs[r * 5 + c];
                    index[r] = c;
                }
        }
        Function<Tensor, ValuesAndIndices> op = t -> max ? t.maxAlong(1, keepDim) : t.minAlong(1, keepDim);
        ValuesAndIndices got = op.apply(Tensor.of(x));
        int[] shape = keepDim ? new int[] {3, 1} : new int[] {3};
        assertValues(name, shape, want, got.values());
        assertArrayEquals(shape, got.indices().shape(), name + " indices shape");
        assertArrayEquals(index, got.indices().toLongArray(), name + " indices");
        gradcheck(name, t -> op.apply(t[0]).values(), x);
    }
}
