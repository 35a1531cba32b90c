package org.jgrad.training.tour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.learner.LrFindPlot;
import org.jgrad.training.learner.LrFindResult;
import org.jgrad.training.learner.LrSuggestions;
import org.jgrad.training.learner.TrainingPlots;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.LayerGroups;
import org.jgrad.training.optim.Lr;
import org.jgrad.training.optim.ParamGroup;
import org.jgrad.training.schedule.OneCycle;
import org.jgrad.training.schedule.Schedule;
import org.junit.jupiter.api.Test;

/**
 * The tour's page 5 (docs/tour/5-learning-rates.md): the LR finder's curve and suggestions, the
 * one-cycle schedule of learning rate and momentum, and discriminative learning rates over layer
 * groups, all on the {@link Spiral} with a small MLP and fastai's Adam. Writes figures/lr-find.png,
 * figures/lr-find.txt, figures/one-cycle.png, figures/one-cycle.txt and figures/lr-slice.txt.
 */
class LearningRatesTourTest {
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");
    // notebook:begin figures
    // notebook-only: Path FIGURES = Files.createTempDirectory("jgrad-tour-figures");   // the notebook's figures go apart from the committed ones
    // notebook:end figures

    // notebook:begin spiral-learner
    // notebook:uses training/src/test/java/org/jgrad/training/tour/Spiral.java#spiral
    /** A 2-32-32-3 MLP on the spiral, fastai's Adam, cut into layer groups by {@code splitter}. */
    private static Learner spiralLearner(Function<Module, LayerGroups> splitter) {
        Generator g = new Generator(0);
        Module model = new Sequential(new Linear(2, 32, true, g), new Activations.ReLU(), new Linear(32, 32, true, g),
                new Activations.ReLU(), new Linear(32, 3, true, g));
        DataLoaders dls = DataLoaders.of(Spiral.points(160, 1), Spiral.points(50, 2), 32, 7);
        return new Learner(dls, model, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-3), List.of(new Accuracy()), splitter);
    }
    // notebook:end spiral-learner

    @Test
    void theLrFinderSuggestsAndLeavesTheModelAsItWas() throws IOException {
        // notebook:begin lr-find
        // notebook:uses #spiral-learner
        // notebook:uses #figures
        Learner learn = spiralLearner(LayerGroups::single);
        // notebook:end lr-find
        Map<String, NDArray> before = copy(learn.model().stateDict());
        // tour:begin lr-find
        LrFindResult found = learn.lrFind();                        // 100 batches, lr from 1e-7 up to 10
        LrFindPlot.write(found, FIGURES.resolve("lr-find.png"), 640, 400);
        LrSuggestions.Suggestions s = found.suggestions();
        // tour:end lr-find
        // notebook:begin lr-find.after
        // notebook-only: Png.lrFind(found)                           // the curve and its suggestions, under the cell
        // notebook:end lr-find.after
        String text = String.format(Locale.ROOT, "%d iterations%s%nvalley  %.2e%nsteep   %.2e%nminimum %.2e%nslide   %.2e%n",
                found.iterations(), found.diverged() ? " (stopped early: the loss diverged)" : "",
                s.valley().lr(), s.steep().lr(), s.minimum().lr(), s.slide().lr());
        Files.writeString(FIGURES.resolve("lr-find.txt"), text);

        assertTrue(s.valley().lr() > 1e-4 && s.valley().lr() < 1, text);
        assertTrue(s.minimum().lr() > s.valley().lr(), "the minimum of the curve comes after its steepest descent: " + text);
        learn.model().stateDict().forEach((k, v) -> assertArrayEquals(before.get(k).toDoubleArray(), v.toDoubleArray(), k));
    }

    @Test
    void oneCycleWarmsUpThenAnnealsWithMomentumTheOtherWay() throws IOException {
        // tour:begin one-cycle
        OneCycle cycle = new OneCycle();                   // div 25, div_final 1e5, pct_start 0.25, moms (0.95, 0.85, 0.95)
        Schedule lr = cycle.lr(1e-2), momentum = cycle.momentum();
        // tour:end one-cycle
        StringBuilder table = new StringBuilder("position  lr        momentum\n");
        for (double pos : new double[] {0, 0.125, 0.25, 0.5, 0.75, 1})
            table.append(String.format(Locale.ROOT, "%-8.3f  %.2e  %.4f%n", pos, lr.at(pos), momentum.at(pos)));
        Files.writeString(FIGURES.resolve("one-cycle.txt"), table.toString());
        assertEquals(1e-2 / 25, lr.at(0), 1e-15);
        assertEquals(1e-2, lr.at(0.25), 1e-15);
        assertEquals(1e-2 / 1e5, lr.at(1), 1e-15);
        assertEquals(0.85, momentum.at(0.25), 1e-12);

        // notebook:begin fit-one-cycle
        // notebook:uses #spiral-learner
        // notebook:uses #figures
        Learner learn = spiralLearner(LayerGroups::single);
        // notebook:end fit-one-cycle
        // tour:begin fit-one-cycle
        learn.fitOneCycle(6, 5e-2);                        // lr and momentum set before every batch
        TrainingPlots.writeSchedule(learn.recorder(), FIGURES.resolve("one-cycle.png"));
        // tour:end fit-one-cycle
        // notebook:begin fit-one-cycle.after
        // notebook-only: Png.schedule(learn.recorder())              // lr and momentum per batch, under the cell
        // notebook:end fit-one-cycle.after
        List<Double> lrs = learn.recorder().learningRates();
        assertEquals(5e-2, Collections.max(lrs), 5e-2 * 0.01, "the peak is reached (to within one batch)");
        assertEquals(5e-2 / 25, lrs.get(0), 1e-12);
        assertTrue(learn.lastValidation().metrics().get("accuracy") > 0.9, "six one-cycle epochs learn the spiral: " + learn.lastValidation());
    }

    @Test
    void sliceGivesEachLayerGroupItsOwnPeak() throws IOException {
        // tour:begin slice
        double[] spread = Lr.slice(1e-4, 1e-2).values(3);   // [1e-4, 1e-3, 1e-2]: geometric from lo to hi
        double[] headOnly = Lr.slice(1e-2).values(3);       // [1e-3, 1e-3, 1e-2]: hi/10 for the body, hi for the head
        // tour:end slice
        assertArrayEquals(new double[] {1e-4, 1e-3, 1e-2}, spread, 1e-15);
        assertArrayEquals(new double[] {1e-3, 1e-3, 1e-2}, headOnly, 1e-15);

        // notebook:begin groups
        // notebook:uses #spiral-learner
        // notebook:uses #peak-lr
        // notebook:end groups
        // tour:begin groups
        Learner learn = spiralLearner(m -> LayerGroups.split(m, 2, 4));   // layer groups: children 0-1, 2-3, 4
        PeakLr peaks = new PeakLr();
        learn.addCallbacks(peaks);
        learn.fitOneCycle(1, Lr.slice(1e-4, 1e-2), new OneCycle());
        // tour:end groups
        StringBuilder out = new StringBuilder("Lr.slice(1e-4, 1e-2).values(3) = " + format(spread) + "\n"
                + "Lr.slice(1e-2).values(3)       = " + format(headOnly) + "\n\nparameter group          layer group  weight decay  peak lr\n");
        List<ParamGroup> groups = learn.optimizer().paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            out.append(String.format(Locale.ROOT, "%-24s %-12d %-13.2f %.2e%n", String.join(", ", g.names()), g.layerGroup(), g.weightDecay(), peaks.peaks[i]));
            assertEquals(spread[g.layerGroup()], peaks.peaks[i], spread[g.layerGroup()] * 0.01, "peak of parameter group " + i);
        }
        Files.writeString(FIGURES.resolve("lr-slice.txt"), out.toString());
        assertEquals(3, learn.optimizer().layerGroupCount());
    }

    // tour:begin peak-lr
    /** Remembers the largest learning rate each parameter group was given during the fit. */
    static final class PeakLr implements Callback {
        double[] peaks;

        @Override
        public void beforeBatch(Learner learn) {
            List<ParamGroup> groups = learn.optimizer().paramGroups();
            if (peaks == null) peaks = new double[groups.size()];
            for (int i = 0; i < groups.size(); i++) peaks[i] = Math.max(peaks[i], groups.get(i).lr());
        }
    }
    // tour:end peak-lr

    private static String format(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) out.add(String.format(Locale.ROOT, "%.0e", v));
        return out.toString();
    }

    private static Map<String, NDArray> copy(Map<String, NDArray> state) {
        Map<String, NDArray> out = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }
}
