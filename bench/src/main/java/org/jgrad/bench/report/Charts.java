package org.jgrad.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jgrad.bench.harness.Case;
import org.jgrad.bench.harness.Result;
import org.jgrad.tensor.DType;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG charts, drawn headless with XChart:
 * <ul>
 *   <li>{@code throughput.png}: rate against size on log–log axes, matmul (GFLOP/s against n) and the
 *       memory-bound add and sum (GB/s against elements), one line per engine@device and dtype;</li>
 *   <li>{@code cpu-vs-gpu.png}: float32 matmul on the CPU against every accelerator column, with the
 *       {@link Crossover} size marked; with only a CPU it draws the CPU line and says so;</li>
 *   <li>{@code speedup.png}: bars of every {@link Ratio} per case (log axis, 1 = equal), one panel per
 *       dtype; not written when there is nothing to compare.</li>
 * </ul>
 */
public final class Charts {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 900, HEIGHT = 560;

    private Charts() {}

    /** Writes the charts into {@code dir}; returns the file names written. */
    public static List<String> write(BenchReport report, Path dir) throws IOException {
        List<String> written = new ArrayList<>();
        List<Result> all = report.allResults();
        List<XYChart> panels = new ArrayList<>();
        XYChart matmul = throughput("matmul", "n (n×n · n×n)", "GFLOP/s", all, r -> r.benchCase() instanceof Case.Matmul);
        if (matmul.getSeriesMap().size() > 0) panels.add(matmul);
        XYChart memory = throughput("add and sum", "elements", "GB/s", all,
                r -> r.benchCase() instanceof Case.Elementwise e && e.op().equals("add") || r.benchCase() instanceof Case.Reduction s && s.op().equals("sum"));
        if (memory.getSeriesMap().size() > 0) panels.add(memory);
        if (!panels.isEmpty()) {
            save(panels, 1, panels.size(), dir.resolve("throughput.png"));
            written.add("throughput.png");
        }
        XYChart cpuGpu = cpuVsGpu(all);
        if (cpuGpu != null) {
            save(List.of(cpuGpu), 1, 1, dir.resolve("cpu-vs-gpu.png"));
            written.add("cpu-vs-gpu.png");
        }
        List<CategoryChart> speedups = new ArrayList<>();
        for (DType dtype : MarkdownReport.dtypes(all)) {
            CategoryChart c = speedup(all, Ratio.pairs(report.columns()), dtype);
            if (c != null) speedups.add(c);
        }
        if (!speedups.isEmpty()) {
            save(speedups, speedups.size(), 1, dir.resolve("speedup.png"));
            written.add("speedup.png");
        }
        return written;
    }

    private static XYChart throughput(String title, String xTitle, String unit, List<Result> all, Predicate<Result> which) {
        XYChart chart = logLog(title + ": throughput by size", xTitle, unit);
        for (String column : columnsOf(all))
            for (DType dtype : MarkdownReport.dtypes(all))
                for (String ladder : laddersOf(all, which)) {
                    NavigableMap<Double, Double> points = rates(all, r -> which.test(r) && r.column().equals(column) && r.dtype() == dtype
                            && r.benchCase().ladder().equals(ladder));
                    String name = column + " " + dtype + (title.equals("matmul") ? "" : " " + ladder);
                    addLine(chart, name, points);
                }
        return chart;
    }

    private static XYChart cpuVsGpu(List<Result> all) {
        Predicate<Result> matmul32 = r -> r.benchCase() instanceof Case.Matmul && r.dtype() == DType.FLOAT32;
        NavigableMap<Double, Double> cpu = rates(all, r -> matmul32.test(r) && r.column().equals("jgrad@cpu"));
        if (cpu.isEmpty()) return null;
        XYChart chart = logLog("CPU against GPU: float32 matmul", "n (n×n · n×n)", "GFLOP/s");
        addLine(chart, "jgrad@cpu", cpu);
        List<String> gpus = columnsOf(all).stream().filter(c -> !Ratio.device(c).equals("cpu") && !Ratio.emulated(c)).toList();
        if (gpus.isEmpty()) {
            chart.setTitle("CPU against GPU: float32 matmul (only a CPU in this run)");
            boolean emulatedOnly = columnsOf(all).stream().anyMatch(Ratio::emulated);
            AnnotationText note = new AnnotationText(emulatedOnly
                    ? "Only an emulated device besides the CPU: its timings are the host's, so it has no line here."
                    : "No GPU in this run, so no GPU line and no crossover: a device appears here once its backend reports available.",
                    WIDTH / 2.0, 90, true);
            chart.addAnnotation(note);
            return chart;
        }
        double y = 90;
        for (String gpu : gpus) {
            NavigableMap<Double, Double> g = rates(all, r -> matmul32.test(r) && r.column().equals(gpu));
            addLine(chart, gpu, g);
            double crossover = Crossover.find(cpu, g);
            String text = Double.isNaN(crossover) ? gpu + " does not overtake the CPU at the sizes measured"
                    : String.format(Locale.ROOT, "%s is faster from n = %d on", gpu, (long) crossover);
            if (!Double.isNaN(crossover)) chart.addAnnotation(new AnnotationLine(crossover, true, false));
            chart.addAnnotation(new AnnotationText(text, WIDTH / 2.0, y, true));
            y += 22;
        }
        return chart;
    }

    private static CategoryChart speedup(List<Result> all, List<Ratio> ratios, DType dtype) {
        if (ratios.isEmpty()) return null;
        List<Case> cases = new ArrayList<>();
        for (List<Case> family : MarkdownReport.families(all).values())
            for (Case c : family)
                if (ratios.stream().anyMatch(r -> Double.isFinite(r.of(all, c, dtype)))) cases.add(c);
        if (cases.isEmpty()) return null;
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 300).height(HEIGHT)
                .title("Speed-up, " + dtype + " (above 1: the first engine is faster)").yAxisTitle("ratio of rates").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double low = Double.POSITIVE_INFINITY, high = 0;
        for (Ratio r : ratios) {
            List<String> shown = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Case c : cases) {
                double v = r.of(all, c, dtype);
                if (!Double.isFinite(v) || v <= 0) continue;
                shown.add(c.label());
                values.add(v);
            }
            if (!values.isEmpty()) chart.addSeries(r.title(), shown, values);
            for (double v : values) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        // XChart's bars start at 0, which a log axis cannot show, unless the axis range is given.
        chart.getStyler().setYAxisMin(Math.min(0.5, low / 1.5));
        chart.getStyler().setYAxisMax(Math.max(2.0, high * 1.5));
        chart.addAnnotation(new AnnotationLine(1.0, false, false)); // equal speed
        return chart;
    }

    private static XYChart logLog(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        return chart;
    }

    private static void style(Chart<?, ?> chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 220));
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
    }

    private static void addLine(XYChart chart, String name, NavigableMap<Double, Double> points) {
        if (points.isEmpty()) return;
        double[] x = points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = points.values().stream().mapToDouble(Double::doubleValue).toArray();
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    private static NavigableMap<Double, Double> rates(List<Result> all, Predicate<Result> which) {
        NavigableMap<Double, Double> out = new TreeMap<>();
        for (Result r : all) if (r.ran() && which.test(r) && r.rate() > 0) out.put(r.benchCase().size(), r.rate());
        return out;
    }

    private static List<String> columnsOf(List<Result> all) {
        return all.stream().map(Result::column).distinct().toList();
    }

    private static List<String> laddersOf(List<Result> all, Predicate<Result> which) {
        return all.stream().filter(which).map(r -> r.benchCase().ladder()).distinct().toList();
    }

    private static <C extends Chart<?, ?>> void save(List<C> charts, int rows, int cols, Path png) throws IOException {
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
