package org.jgrad.training.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.BFloat16;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Half;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.GradScaler;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The tour's page 7 (docs/tour/7-mixed-precision.md): float16's range and precision, a gradient
 * that underflows to zero in float16 and survives loss scaling, which dtype autocast gives each
 * op family, GradScaler's dynamic scale over a short mixed-precision run on the {@link Spiral}
 * with one injected overflow, and bfloat16: float32's range with less precision, where the same
 * gradient survives unscaled. Writes figures/half-range.txt, figures/loss-scaling.txt,
 * figures/autocast-dtypes.txt, figures/grad-scaler.txt, figures/grad-scaler.png,
 * figures/half-formats.txt and figures/bfloat16-gradient.txt.
 */
class MixedPrecisionTourTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");

    @Test
    void float16HasElevenBitsOfPrecisionAndAShortRange() throws IOException {
        // tour:begin half-range
        float largest = Half.toFloat(Half.MAX_VALUE);                  // 65504
        float smallestNormal = Half.toFloat(Half.MIN_NORMAL);          // 2^-14
        float smallest = Half.toFloat(Half.MIN_VALUE);                 // 2^-24, a subnormal
        float epsilon = Half.toFloat((short) (Half.fromFloat(1f) + 1)) - 1;   // the gap after 1: 2^-10
        float tooSmall = Half.toFloat(Half.fromFloat(2e-8f));          // rounds to 0
        float tooLarge = Half.toFloat(Half.fromFloat(70000f));         // rounds to infinity
        // tour:end half-range
        String text = String.format(Locale.ROOT, "largest         %.6g%nsmallest normal %.6g (2^-14)%nsmallest        %.6g (2^-24)%n"
                + "epsilon         %.6g (2^-10)%n2e-8 becomes    %s%n70000 becomes   %s%n",
                largest, smallestNormal, smallest, epsilon, tooSmall, tooLarge);
        Files.writeString(FIGURES.resolve("half-range.txt"), text);
        assertEquals(65504f, largest);
        assertEquals(Math.scalb(1f, -14), smallestNormal);
        assertEquals(Math.scalb(1f, -24), smallest);
        assertEquals(Math.scalb(1f, -10), epsilon);
        assertEquals(0f, tooSmall);
        assertEquals(Float.POSITIVE_INFINITY, tooLarge);
    }

    @Test
    void aSmallGradientUnderflowsInFloat16UnlessTheLossIsScaled() throws IOException {
        // notebook:begin underflow
        NDArray x = NDArray.of(0.5f, 1f, 2f, 4f).reshape(1, 4);
        double tiny = 1e-8;                                            // the loss's weight: its gradients are ~1e-8
        // notebook-only: double s = Math.scalb(1.0, 16);                 // the loss scale S = 2^16 (1: none)
        // notebook-only: DType low = DType.FLOAT16;
        // notebook:end underflow
        double[] unscaled = tinyLossGradient(x, tiny, 1, DType.FLOAT16);
        double s = Math.scalb(1.0, 16);
        double[] scaled = tinyLossGradient(x, tiny, s, DType.FLOAT16);
        StringBuilder text = new StringBuilder("exact gradient      " + format(new double[] {0.5 * tiny, tiny, 2 * tiny, 4 * tiny}) + "\n");
        text.append("float16, no scaling " + format(unscaled) + "\n");
        text.append("float16, S = 2^16   " + format(scaled) + "\n");
        Files.writeString(FIGURES.resolve("loss-scaling.txt"), text.toString());
        for (double g : unscaled) assertEquals(0, g, "without scaling the float16 gradient underflows: " + text);
        for (int j = 0; j < 4; j++) assertEquals(x.toDoubleArray()[j] * tiny, scaled[j], x.toDoubleArray()[j] * tiny * 1e-3, "scaled: " + text);
    }

    /** The gradient of w in loss = tiny · sum(x·w) with the matmul in {@code low}, backpropagated through loss · s and divided by s. */
    private static double[] tinyLossGradient(NDArray x, double tiny, double s, DType low) {
        // tour:begin underflow
        Tensor w = Tensor.param(NDArray.full(1, DType.FLOAT32, 4, 1));   // float32 master weights
        Tensor loss;
        try (var scope = Autocast.enable(low)) {                        // low: float16 (or bfloat16, below)
            Tensor y = Tensor.of(x).matmul(w);                         // in low: w is cast down
            loss = y.to(DType.FLOAT32).sum().mul(tiny);                // dloss/dy = tiny, in float32
        }
        loss.mul(s).backward();                                        // the cast's backward rounds s·tiny to low
        double[] grad = w.grad().mul(1 / s).toDoubleArray();           // float32 again: unscale
        // tour:end underflow
        return grad;
    }

    @Test
    void autocastPicksADTypePerOpFamily() throws IOException {
        // notebook:begin autocast
        Generator g = new Generator(3);
        Tensor x = Tensor.of(NDArray.randn(g, DType.FLOAT32, 4, 3)), w = Tensor.param(NDArray.randn(g, DType.FLOAT32, 3, 2));
        Map<String, DType> seen = new LinkedHashMap<>();
        // notebook:end autocast
        // tour:begin autocast
        try (var scope = Autocast.enable(DType.FLOAT16)) {
            Tensor h = x.matmul(w);                                    // both inputs float32
            seen.put("matmul(float32, float32)", h.dtype());
            seen.put("relu(float16)", h.relu().dtype());
            seen.put("add(float16, float32)", h.add(Tensor.of(NDArray.full(1, DType.FLOAT32, 4, 2))).dtype());
            seen.put("add(float32, float32)", x.add(x).dtype());
            seen.put("sum(float16)", h.sum().dtype());
            seen.put("softmax(float16)", h.softmax(1).dtype());
            seen.put("transpose(float16)", h.transpose(0, 1).dtype());
            seen.put("cross_entropy(float16 logits)", new CrossEntropyLoss().forward(h, NDArray.of(0L, 1L, 1L, 0L)).dtype());
        }
        // tour:end autocast
        StringBuilder text = new StringBuilder();
        seen.forEach((op, dtype) -> text.append(String.format(Locale.ROOT, "%-30s -> %s%n", op, dtype)));
        Files.writeString(FIGURES.resolve("autocast-dtypes.txt"), text.toString());
        assertEquals(DType.FLOAT16, seen.get("matmul(float32, float32)"));
        assertEquals(DType.FLOAT16, seen.get("add(float16, float32)"));
        assertEquals(DType.FLOAT32, seen.get("add(float32, float32)"));
        assertEquals(DType.FLOAT32, seen.get("sum(float16)"));
        assertEquals(DType.FLOAT32, seen.get("cross_entropy(float16 logits)"));
    }

    @Test
    void theScaleGrowsAfterGoodStepsAndHalvesOnAnOverflow() throws IOException {
        // notebook:begin grad-scaler
        // notebook:uses training/src/test/java/org/jgrad/training/tour/Spiral.java#spiral
        // notebook:uses #scale-log
        // notebook:uses #overflow
        Generator g = new Generator(0);
        Module model = new Sequential(new Linear(2, 32, true, g), new Activations.ReLU(), new Linear(32, 32, true, g),
                new Activations.ReLU(), new Linear(32, 3, true, g));
        DataLoaders dls = DataLoaders.of(Spiral.points(160, 1), Spiral.points(50, 2), 32, 7);
        Learner learn = new Learner(dls, model, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-3), List.of(new Accuracy()));
        ScaleLog log = new ScaleLog();
        Overflow overflow = new Overflow(20);
        // notebook:end grad-scaler
        // tour:begin grad-scaler
        learn.addCallbacks(log, overflow);                             // before toFp16: they see each step first
        learn.toFp16(new GradScaler(1024, 2, 0.5, 5));                  // S = 2^10; doubles after 5 good steps
        learn.fitOneCycle(4, 2e-2);                                    // 4 epochs of 15 batches
        // tour:end grad-scaler
        writeScalePlot(log, FIGURES.resolve("grad-scaler.png"));
        StringBuilder text = new StringBuilder("step  scale    skipped\n");
        for (int i = 0; i < log.scales.size(); i++) {
            boolean shown = i < 12 || (i >= 18 && i < 24) || i >= log.scales.size() - 3;
            String row = String.format(Locale.ROOT, "%-5d %-8.0f %s", i + 1, log.scales.get(i), log.skipped.get(i) ? "yes" : "");
            if (shown) text.append(row.strip()).append('\n');
            else if (i == 12 || i == 24) text.append("...\n");
        }
        List<Integer> skippedAt = new ArrayList<>();
        for (int i = 0; i < log.skipped.size(); i++) if (log.skipped.get(i)) skippedAt.add(i + 1);
        text.append(String.format(Locale.ROOT, "%nskipped steps: %s of %d; final scale %.0f; valid accuracy %.3f%n", skippedAt,
                log.scales.size(), learn.gradScaler().scale(), learn.lastValidation().metrics().get("accuracy")));
        Files.writeString(FIGURES.resolve("grad-scaler.txt"), text.toString());

        assertEquals(60, log.scales.size());
        assertEquals(2048, log.scales.get(5), "five good steps double the scale: " + text);
        assertTrue(log.skipped.get(19), "the injected overflow skips step 20: " + text);
        assertEquals(log.scales.get(19) / 2, log.scales.get(20), "an overflow halves the scale: " + text);
        assertTrue(skippedAt.stream().anyMatch(step -> step > 20 && log.scales.get(step - 1) == Math.scalb(1.0, 19)),
                "the scale, grown to 2^19, overflows float16 for real later: " + text);
        assertTrue(learn.lastValidation().metrics().get("accuracy") > 0.8, "the run still learns the spiral: " + text);
    }

    @Test
    void bfloat16HasFloat32sRangeAndLessPrecisionThanFloat16() throws IOException {
        // tour:begin half-formats
        float[] largest = {Half.toFloat(Half.MAX_VALUE), BFloat16.toFloat(BFloat16.MAX_VALUE), Float.MAX_VALUE};
        float[] smallestNormal = {Half.toFloat(Half.MIN_NORMAL), BFloat16.toFloat(BFloat16.MIN_NORMAL), Float.MIN_NORMAL};
        float[] epsilon = {                                            // the gap after 1
            Half.toFloat((short) (Half.fromFloat(1f) + 1)) - 1,
            BFloat16.toFloat((short) (BFloat16.fromFloat(1f) + 1)) - 1,
            Math.ulp(1f)};
        // tour:end half-formats
        String[] names = {"float16", "bfloat16", "float32"};
        StringBuilder text = new StringBuilder("dtype     largest      smallest normal  epsilon       significant bits\n");
        for (int i = 0; i < 3; i++)
            text.append(String.format(Locale.ROOT, "%-9s %-12.6g %-16.6g %-13.6g %d%n", names[i], largest[i], smallestNormal[i], epsilon[i],
                    1 - Math.getExponent(epsilon[i])));
        Files.writeString(FIGURES.resolve("half-formats.txt"), text.toString());
        assertEquals(Math.scalb(1f, -14), smallestNormal[0], text.toString());
        assertEquals(Float.MIN_NORMAL, smallestNormal[1], "bfloat16 reaches as low as float32: " + text);
        assertEquals(Math.scalb(1f, -7), epsilon[1], "8 significant bits: " + text);
        assertEquals(Math.scalb(1f, -10), epsilon[0]);
        assertTrue(largest[1] > 3.38e38f && largest[1] < Float.MAX_VALUE, text.toString());
    }

    @Test
    void theGradientThatUnderflowedInFloat16SurvivesInBfloat16Unscaled() throws IOException {
        NDArray x = NDArray.of(0.5f, 1f, 2f, 4f).reshape(1, 4);
        double tiny = 1e-8;
        double[] exact = new double[4], float16 = tinyLossGradient(x, tiny, 1, DType.FLOAT16), bfloat16 = tinyLossGradient(x, tiny, 1, DType.BFLOAT16);
        for (int j = 0; j < 4; j++) exact[j] = x.toDoubleArray()[j] * tiny;
        String text = "exact gradient       " + format(exact) + "\n" + "float16, no scaling  " + format(float16) + "\n"
                + "bfloat16, no scaling " + format(bfloat16) + "\n";
        Files.writeString(FIGURES.resolve("bfloat16-gradient.txt"), text);
        for (int j = 0; j < 4; j++) {
            assertEquals(0, float16[j], "float16 loses it: " + text);
            assertEquals(exact[j], bfloat16[j], exact[j] * Math.scalb(1.0, -8), "bfloat16 keeps it to within one rounding (2^-8 relative): " + text);
        }
    }

    // tour:begin overflow
    /** Puts an infinity into one gradient at training step {@code at} (1-based), as an overflowing float16 backward would. */
    static final class Overflow implements Callback {
        private final int at;
        private int step;

        Overflow(int at) { this.at = at; }

        @Override
        public void afterBackward(Learner learn) {
            if (++step != at) return;
            Tensor p = learn.model().parameters().get(0);
            p.setGrad(p.grad().mul(Double.POSITIVE_INFINITY));
        }
    }
    // tour:end overflow

    // notebook:begin scale-log
    /** The scale each training step used, and whether its optimizer step was skipped. */
    static final class ScaleLog implements Callback {
        final List<Double> scales = new ArrayList<>();
        final List<Boolean> skipped = new ArrayList<>();
        private long skippedBefore;

        @Override
        public void beforeBatch(Learner learn) {
            if (!learn.isTraining()) return;
            scales.add(learn.gradScaler().scale());
            skippedBefore = learn.mixedPrecision().skippedSteps();
        }

        @Override
        public void afterBatch(Learner learn) {
            if (learn.isTraining()) skipped.add(learn.mixedPrecision().skippedSteps() > skippedBefore);
        }
    }
    // notebook:end scale-log

    private static void writeScalePlot(ScaleLog log, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(400).title("GradScaler: the loss scale per step")
                .xAxisTitle("Training step").yAxisTitle("Scale S").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisLogarithmic(true);
        int n = log.scales.size();
        double[] x = new double[n], y = new double[n];
        List<Double> sx = new ArrayList<>(), sy = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = log.scales.get(i);
            if (log.skipped.get(i)) { sx.add(x[i]); sy.add(y[i]); }
        }
        XYSeries scale = chart.addSeries("scale", x, y);
        scale.setMarker(SeriesMarkers.NONE);
        if (!sx.isEmpty()) {
            XYSeries skips = chart.addSeries("skipped step (inf/NaN gradients)", sx, sy);
            skips.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            skips.setMarker(SeriesMarkers.DIAMOND);
            skips.setMarkerColor(Color.RED);
        }
        if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png.toFile())) throw new IOException("no PNG writer for " + png);
    }

    private static String format(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) out.add(String.format(Locale.ROOT, "%.4e", v));
        return out.toString();
    }
}
