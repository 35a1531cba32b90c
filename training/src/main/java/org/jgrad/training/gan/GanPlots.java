package org.jgrad.training.gan;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The two losses of a GAN fit, per batch, in one chart ({@code losses.png}): the generator's at
 * the batches it trained and the critic's at its own, against the batches processed (XChart,
 * headless, as {@link org.jgrad.training.learner.TrainingPlots}).
 */
public final class GanPlots {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 800, HEIGHT = 500;

    private GanPlots() {}

    /** Both losses of every recorded batch; an IllegalArgumentException when no finite loss was recorded. */
    public static void writeLosses(GanRecorder recorder, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("GAN losses")
                .xAxisTitle("Batches processed").yAxisTitle("Loss").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int series = 0;
        for (GanPhase phase : GanPhase.values()) {
            double[][] xy = points(recorder.phases(), recorder.losses(), phase);
            if (xy[0].length == 0) continue;
            XYSeries s = chart.addSeries(phase == GanPhase.GENERATOR ? "generator" : "critic", xy[0], xy[1]);
            s.setMarker(SeriesMarkers.NONE);
            series++;
        }
        if (series == 0) throw new IllegalArgumentException("GanPlots.writeLosses: no finite loss recorded");
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png.toFile())) throw new IOException("no PNG writer for " + png);
    }

    /** The (batch number, loss) points of one phase, finite losses only. */
    private static double[][] points(List<GanPhase> phases, List<Double> losses, GanPhase phase) {
        double[] x = new double[losses.size()], y = new double[losses.size()];
        int n = 0;
        for (int i = 0; i < losses.size(); i++) {
            if (phases.get(i) != phase || !Double.isFinite(losses.get(i))) continue;
            x[n] = i + 1;
            y[n++] = losses.get(i);
        }
        return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
    }
}
