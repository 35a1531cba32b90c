package org.jgrad.training.experiment;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An experiment's chart: one point per run (seed) and, per series, its mean with the smallest and
 * largest run as an error bar, so the spread over seeds is as visible as the trend. Headless
 * XChart, as the training plots.
 */
public final class ExperimentPlot {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** One run: its x (the setting, or a measured time) and y (e.g. an accuracy in [0, 1], plotted in %). */
    public record Point(double x, double y) {}

    private final XYChart chart;
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};
    private int series;

    public ExperimentPlot(String title, String xTitle, String yTitle, boolean logX) {
        chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
    }

    /**
     * Adds the runs of one series: a dot per run, and (when {@code joinMeans}) the means of the runs
     * that share an x joined by a line with min–max error bars. Accuracies are shown in percent.
     */
    public ExperimentPlot add(String name, List<Point> runs, boolean joinMeans) {
        if (runs.isEmpty()) throw new IllegalArgumentException("ExperimentPlot.add: no runs for " + name);
        Color color = COLORS[series++ % COLORS.length];
        double[] x = new double[runs.size()], y = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            x[i] = runs.get(i).x();
            y[i] = 100 * runs.get(i).y();
        }
        XYSeries dots = chart.addSeries(name + (joinMeans ? " (runs)" : ""), x, y);
        dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        dots.setMarker(SeriesMarkers.CIRCLE);
        dots.setMarkerColor(joinMeans ? color.brighter() : color);
        if (!joinMeans) return this;
        Map<Double, List<Double>> byX = new LinkedHashMap<>();
        for (Point p : runs) byX.computeIfAbsent(p.x(), k -> new java.util.ArrayList<>()).add(p.y());
        double[] mx = new double[byX.size()], my = new double[byX.size()], err = new double[byX.size()];
        int i = 0;
        for (Map.Entry<Double, List<Double>> e : byX.entrySet()) {
            Spread s = Spread.of(e.getValue());
            mx[i] = e.getKey();
            my[i] = 100 * (s.min() + s.max()) / 2;   // the bar spans min..max around its centre
            err[i++] = 100 * (s.max() - s.min()) / 2;
        }
        XYSeries bars = chart.addSeries(name + " (min–max)", mx, my, err);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        bars.setMarker(SeriesMarkers.NONE);
        bars.setLineColor(color);
        double[] means = new double[byX.size()];
        i = 0;
        for (List<Double> v : byX.values()) means[i++] = 100 * Spread.of(v).mean();
        XYSeries line = chart.addSeries(name + " (mean)", mx, means);
        line.setMarker(SeriesMarkers.DIAMOND);
        line.setLineColor(color);
        line.setMarkerColor(color);
        return this;
    }

    public void write(Path png) throws IOException {
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer for " + png);
    }
}
