package org.jgrad.training.learner;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lr-find curve as a PNG, as fastai's {@code plot_lr_find}: smoothed loss against learning
 * rate on a log x-axis, without the last {@value LrSuggestions#SKIP_END} points (they are where
 * the loss blows up and would squash the rest), with the valley suggestion marked. Drawn with
 * XChart, headless (no display is needed: {@code java.awt.headless} is set to true unless the
 * caller chose otherwise).
 */
public final class LrFindPlot {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private LrFindPlot() {}

    /** Writes the plot of {@code result}, {@code width x height} pixels, to {@code png}. */
    public static void write(LrFindResult result, Path png, int width, int height) throws IOException {
        XYChart chart = chart(result, width, height);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Writes an 800 x 500 plot. */
    public static void write(LrFindResult result, Path png) throws IOException {
        write(result, png, 800, 500);
    }

    static XYChart chart(LrFindResult result, int width, int height) {
        int shown = Math.max(0, result.iterations() - LrSuggestions.SKIP_END);
        double[] x = new double[shown], y = new double[shown];
        int n = 0;
        for (int i = 0; i < shown; i++) {
            double lr = result.lrs()[i], loss = result.losses()[i];
            if (lr > 0 && Double.isFinite(loss)) {
                x[n] = lr;
                y[n] = loss;
                n++;
            }
        }
        if (n == 0)
            throw new IllegalArgumentException("LrFindPlot: nothing to plot (" + result.iterations()
                    + " iterations; the last " + LrSuggestions.SKIP_END + " and non-finite losses are left out)");
        XYChart chart = new XYChartBuilder().width(width).height(height).title("lr find")
                .xAxisTitle("Learning rate").yAxisTitle("Loss (smoothed)").build();
        chart.getStyler().setXAxisLogarithmic(true).setXAxisDecimalPattern("0.0E0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        XYSeries curve = chart.addSeries("loss", java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n));
        curve.setMarker(SeriesMarkers.NONE);
        LrSuggestions.Suggestion v = result.suggestions().valley();
        if (Double.isFinite(v.pointLr()) && Double.isFinite(v.pointLoss())) {
            XYSeries mark = chart.addSeries(String.format(Locale.ROOT, "valley %.2e", v.lr()), new double[] {v.pointLr()}, new double[] {v.pointLoss()});
            mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            mark.setMarker(SeriesMarkers.CIRCLE);
            mark.setMarkerColor(Color.RED);
        }
        return chart;
    }
}
