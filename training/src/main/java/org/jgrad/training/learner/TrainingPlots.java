package org.jgrad.training.learner;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training plots of a {@link Recorder} as PNGs, drawn headless with XChart as
 * {@link LrFindPlot}: fastai's {@code plot_loss} ({@link #writeLosses}) and {@code plot_sched}
 * ({@link #writeSchedule}). The x axis counts training batches of the fit the recorder saw.
 */
public final class TrainingPlots {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** Size of {@link #writeLosses}'s image. */
    public static final int LOSSES_WIDTH = 800, LOSSES_HEIGHT = 500;
    /** Size of {@link #writeSchedule}'s image: two panels side by side. */
    public static final int SCHEDULE_WIDTH = 1000, SCHEDULE_HEIGHT = 400;

    private TrainingPlots() {}

    /**
     * The training loss of every batch, and the validation loss at the end of every epoch (plotted
     * at the batch count where the epoch ended), {@value #LOSSES_WIDTH} x {@value #LOSSES_HEIGHT}.
     */
    public static void writeLosses(Recorder recorder, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(LOSSES_WIDTH).height(LOSSES_HEIGHT).title("losses")
                .xAxisTitle("Batches processed").yAxisTitle("Loss").build();
        style(chart);
        List<Double> losses = recorder.batchLosses();
        double[] x = new double[losses.size()], y = new double[losses.size()];
        int n = 0;
        for (int i = 0; i < losses.size(); i++) {
            if (!Double.isFinite(losses.get(i))) continue;
            x[n] = i + 1;
            y[n++] = losses.get(i);
        }
        if (n == 0) throw new IllegalArgumentException("TrainingPlots.writeLosses: no finite training loss recorded");
        XYSeries train = chart.addSeries("train", java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n));
        train.setMarker(SeriesMarkers.NONE);
        List<EpochResult> epochs = recorder.epochs();
        double[] vx = new double[epochs.size()], vy = new double[epochs.size()];
        int m = 0;
        for (int e = 0; e < epochs.size(); e++) {
            if (!Double.isFinite(epochs.get(e).validLoss())) continue;
            vx[m] = recorder.epochEnds().get(e);
            vy[m++] = epochs.get(e).validLoss();
        }
        if (m > 0) {
            XYSeries valid = chart.addSeries("valid", java.util.Arrays.copyOf(vx, m), java.util.Arrays.copyOf(vy, m));
            valid.setMarker(SeriesMarkers.CIRCLE);
            valid.setLineColor(Color.ORANGE);
            valid.setMarkerColor(Color.ORANGE);
        }
        write(BitmapEncoder.getBufferedImage(chart), png);
    }

    /**
     * The learning rate (left) and momentum (right) of every batch, of the last parameter group,
     * {@value #SCHEDULE_WIDTH} x {@value #SCHEDULE_HEIGHT}; the momentum panel says "none" when
     * the optimizer has no momentum.
     */
    public static void writeSchedule(Recorder recorder, Path png) throws IOException {
        if (recorder.learningRates().isEmpty()) throw new IllegalArgumentException("TrainingPlots.writeSchedule: no batch recorded");
        int w = SCHEDULE_WIDTH / 2;
        XYChart lr = panel("learning rate", "lr", recorder.learningRates(), w);
        XYChart mom = panel("momentum", "momentum", recorder.momentums(), w);
        BufferedImage image = new BufferedImage(SCHEDULE_WIDTH, SCHEDULE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(lr), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(mom), w, 0, null);
        } finally {
            g.dispose();
        }
        write(image, png);
    }

    private static XYChart panel(String title, String name, List<Double> values, int width) {
        XYChart chart = new XYChartBuilder().width(width).height(SCHEDULE_HEIGHT).title(title)
                .xAxisTitle("Batches processed").yAxisTitle(name).build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        double[] x = new double[values.size()], y = new double[values.size()];
        int n = 0;
        for (int i = 0; i < values.size(); i++) {
            if (!Double.isFinite(values.get(i))) continue;
            x[n] = i + 1;
            y[n++] = values.get(i);
        }
        if (n == 0) {
            chart.setTitle(title + " (none)");
            x = new double[] {0};
            y = new double[] {0};
            n = 1;
        }
        chart.addSeries(name, java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n)).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
    }

    private static void write(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer for " + png);
    }
}
