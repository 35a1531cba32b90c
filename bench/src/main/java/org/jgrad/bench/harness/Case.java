package org.jgrad.bench.harness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jgrad.bench.models.BenchModel;
import org.jgrad.tensor.DType;

/**
 * One benchmark problem, the same for every engine and device: its shapes, the work one call does
 * (floating-point operations, bytes or images) and the unit its rate is shown in. The parameters
 * ({@link #params()}) go into {@code bench.json}, from which the Python peer reads what to run.
 */
public sealed interface Case {
    /** The family: matmul, conv2d, elementwise, reduction, train_step or epoch. */
    String family();

    /** A short label for tables, e.g. "matmul 512". */
    String label();

    /** The x of throughput charts: n for matmul, elements for elementwise and reductions, batch size for training. */
    double size();

    /** The rate's unit: GFLOP/s, GB/s or images/s. */
    String unit();

    /** The work of one call in the unit's numerator (flop, byte or image; not yet divided by 1e9). */
    double work(DType dtype);

    /** The parameters that define the problem, for {@code bench.json} (see {@link #fromParams}). */
    Map<String, Object> params();

    /** Cases on one ladder (the same family and shape kind, growing work) predict each other's time by their work. */
    default String ladder() {
        return family();
    }

    /** Rate = work / seconds, in the unit (GFLOP/s and GB/s count 1e9). */
    default double rate(DType dtype, double seconds) {
        double perSecond = work(dtype) / seconds;
        return unit().equals("images/s") ? perSecond : perSecond / 1e9;
    }

    /** C (n, n) = A (n, n) · B (n, n): 2·n³ flop. */
    record Matmul(int n) implements Case {
        public String family() { return "matmul"; }
        public String label() { return "matmul " + n; }
        public double size() { return n; }
        public String unit() { return "GFLOP/s"; }
        public double work(DType dtype) { return 2.0 * n * n * n; }
        public Map<String, Object> params() { return Map.of("n", n); }
    }

    /**
     * y (N, Cout, OH, OW) = conv2d(x (N, Cin, H, H), w (Cout, Cin, k, k)), no bias, stride s, padding p;
     * OH = OW = ⌊(H + 2p − k) / s⌋ + 1; work 2·N·Cout·OH·OW·Cin·k² flop.
     */
    record Conv2d(int batch, int in, int out, int height, int kernel, int stride, int padding) implements Case {
        public String family() { return "conv2d"; }
        public String label() {
            return String.format(Locale.ROOT, "conv2d N%d %d→%d %d² k%d s%d", batch, in, out, height, kernel, stride);
        }
        public double size() { return work(DType.FLOAT32); }
        public String unit() { return "GFLOP/s"; }
        public int outHeight() { return (height + 2 * padding - kernel) / stride + 1; }
        public double work(DType dtype) { return 2.0 * batch * out * outHeight() * outHeight() * in * kernel * kernel; }
        public String ladder() { return "conv2d " + label(); }
        public Map<String, Object> params() {
            return ordered("batch", batch, "in", in, "out", out, "height", height, "kernel", kernel, "stride", stride, "padding", padding);
        }
    }

    /** op ∈ {add: c = a + b, relu: c = max(a, 0)} over n elements: (inputs + 1 output) · n · bytes per element. */
    record Elementwise(String op, int n) implements Case {
        public Elementwise {
            if (!op.equals("add") && !op.equals("relu")) throw new IllegalArgumentException("elementwise case: op must be add or relu, got " + op);
        }
        public String family() { return "elementwise"; }
        public String label() { return op + " " + elements(n); }
        public double size() { return n; }
        public String unit() { return "GB/s"; }
        public double work(DType dtype) { return (op.equals("add") ? 3.0 : 2.0) * n * dtype.byteSize(); }
        public String ladder() { return op; }
        public Map<String, Object> params() { return ordered("op", op, "n", n); }
    }

    /** op ∈ {sum, max} of all n elements to a scalar: n · bytes per element read. */
    record Reduction(String op, int n) implements Case {
        public Reduction {
            if (!op.equals("sum") && !op.equals("max")) throw new IllegalArgumentException("reduction case: op must be sum or max, got " + op);
        }
        public String family() { return "reduction"; }
        public String label() { return op + " " + elements(n); }
        public double size() { return n; }
        public String unit() { return "GB/s"; }
        public double work(DType dtype) { return (double) n * dtype.byteSize(); }
        public String ladder() { return op; }
        public Map<String, Object> params() { return ordered("op", op, "n", n); }
    }

    /** One training step of {@code model} on a batch: zero grads, forward, cross-entropy, backward, Adam update. */
    record TrainStep(BenchModel model, int batch) implements Case {
        public String family() { return "train_step"; }
        public String label() { return "train step (" + model.id() + ") bs " + batch; }
        public double size() { return batch; }
        public String unit() { return "images/s"; }
        public double work(DType dtype) { return batch; }
        public String ladder() { return "model " + model.id(); }
        public Map<String, Object> params() { return ordered("model", model.id(), "batch", batch); }
    }

    /**
     * One epoch of {@code model} over {@code images} MNIST training images in batches of {@code batch}, as
     * {@code ./jgrad train --basic} trains ({@link MnistEpoch}: fastai's Adam under one-cycle), then the test accuracy.
     */
    record Epoch(BenchModel model, int batch, int images) implements Case {
        public String family() { return "epoch"; }
        public String label() { return "MNIST epoch (" + model.id() + ") bs " + batch; }
        public double size() { return images; }
        public String unit() { return "images/s"; }
        public double work(DType dtype) { return images; }
        public String ladder() { return "model " + model.id(); }
        public Map<String, Object> params() { return ordered("model", model.id(), "batch", batch, "images", images); }
    }

    /** The case {@code family} with {@code params} as {@link #params()} gave them (numbers may come back as any {@link Number}). */
    static Case fromParams(String family, Map<String, ?> params) {
        return switch (family) {
            case "matmul" -> new Matmul(intParam(params, "n"));
            case "conv2d" -> new Conv2d(intParam(params, "batch"), intParam(params, "in"), intParam(params, "out"),
                    intParam(params, "height"), intParam(params, "kernel"), intParam(params, "stride"), intParam(params, "padding"));
            case "elementwise" -> new Elementwise(String.valueOf(params.get("op")), intParam(params, "n"));
            case "reduction" -> new Reduction(String.valueOf(params.get("op")), intParam(params, "n"));
            case "train_step" -> new TrainStep(BenchModel.byId(String.valueOf(params.get("model"))), intParam(params, "batch"));
            case "epoch" -> new Epoch(BenchModel.byId(String.valueOf(params.get("model"))), intParam(params, "batch"), intParam(params, "images"));
            default -> throw new IllegalArgumentException("bench case: unknown family '" + family + "'");
        };
    }

    private static int intParam(Map<String, ?> params, String key) {
        Object v = params.get(key);
        if (!(v instanceof Number number)) throw new IllegalArgumentException("bench case: parameter '" + key + "' must be a number, got " + v + " in " + params);
        return number.intValue();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** 4096 → "4K", 1048576 → "1M" (powers of two), else the number. */
    private static String elements(int n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) return (n >> 20) + "M";
        if (n >= 1 << 10 && n % (1 << 10) == 0) return (n >> 10) + "K";
        return Integer.toString(n);
    }
}
