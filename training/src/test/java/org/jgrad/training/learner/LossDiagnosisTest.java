package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.training.learner.LossDiagnosis.Diagnosis;
import org.jgrad.training.learner.LossDiagnosis.History;
import org.jgrad.training.learner.LossDiagnosis.Kind;
import org.jgrad.training.learner.LossDiagnosis.Thresholds;
import org.junit.jupiter.api.Test;

/**
 * LossDiagnosis on synthetic histories: each rule fires on a history made to trigger it and stays
 * quiet on near misses; a healthy history gives nothing.
 */
class LossDiagnosisTest {
    private static final LossDiagnosis DIAGNOSIS = new LossDiagnosis();

    /** Builds a history row by row: the training batch losses of an epoch, its validation loss and metrics. */
    private static final class Builder {
        final List<Double> losses = new ArrayList<>();
        final List<Integer> ends = new ArrayList<>();
        final List<EpochResult> epochs = new ArrayList<>();
        private int epoch;

        /** A row of the next epoch; {@code metric} is {@code name, value} or nothing. */
        Builder row(double[] batches, double valid, Object... metric) {
            double sum = 0;
            for (double b : batches) {
                losses.add(b);
                sum += b;
            }
            ends.add(losses.size());
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int i = 0; i < metric.length; i += 2) metrics.put((String) metric[i], (Double) metric[i + 1]);
            epochs.add(new EpochResult(epoch++, sum / batches.length, valid, metrics, 1));
            return this;
        }

        /** The next rows start a new fit (epochs from 0 again). */
        Builder newFit() {
            epoch = 0;
            return this;
        }

        History history() {
            return new History(losses, ends, epochs);
        }
    }

    /** {@code n} losses falling evenly from {@code from} to {@code to}. */
    private static double[] falling(double from, double to, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = from + (to - from) * i / (n - 1);
        return out;
    }

    /** {@code centre} ± {@code amplitude}, alternating, {@code n} times. */
    private static double[] zigzag(double centre, double amplitude, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = centre + (i % 2 == 0 ? amplitude : -amplitude);
        return out;
    }

    private static List<Kind> kinds(List<Diagnosis> ds) {
        return ds.stream().map(Diagnosis::kind).toList();
    }

    /** Every row's diagnoses and the fit's summary. */
    private static List<Diagnosis> everything(History h) {
        List<Diagnosis> all = new ArrayList<>(DIAGNOSIS.all(h));
        all.addAll(DIAGNOSIS.fit(h));
        return all;
    }

    /** A healthy fit: losses falling smoothly, train slightly below valid at the end, accuracy rising. */
    private static Builder healthy() {
        return new Builder()
                .row(falling(1.10, 0.70, 8), 0.72, "accuracy", 0.70)
                .row(falling(0.68, 0.45, 8), 0.50, "accuracy", 0.82)
                .row(falling(0.44, 0.30, 8), 0.36, "accuracy", 0.88)
                .row(falling(0.30, 0.25, 8), 0.30, "accuracy", 0.90);
    }

    @Test
    void aHealthyHistoryGivesNothing() {
        assertEquals(List.of(), everything(healthy().history()));
        assertEquals(List.of(), everything(new Builder().history()), "an empty history");
    }

    // ================================================================ underfitting

    @Test
    void aTrainLossWellAboveTheValidLossAtTheEndIsUnderfitting() {
        History h = new Builder().row(falling(1.1, 0.7, 8), 0.65).row(falling(0.66, 0.60, 8), 0.50).history();   // late 0.6129 vs 0.5: 23% above
        List<Diagnosis> fit = DIAGNOSIS.fit(h);
        assertEquals(List.of(Kind.UNDERFITTING), kinds(fit));
        assertEquals("fit: underfitting: the late train loss 0.6129 is 23% above the valid loss 0.5000: train longer, lower the late learning rate,"
                + " or regularize less", fit.get(0).text());
        assertEquals(1, fit.get(0).epoch());
        assertEquals(List.of(), DIAGNOSIS.all(h), "underfitting is read at the end of a fit only, not under every row");
        assertEquals(List.of(Kind.UNDERFITTING), kinds(DIAGNOSIS.fit(new Builder().row(falling(1.1, 0.8, 8), 0.6).history())), "a fit of one epoch");
    }

    @Test
    void underfittingNearMisses() {
        // 8% above: under the 10% margin
        assertEquals(List.of(), DIAGNOSIS.fit(new Builder().row(falling(0.56, 0.52, 8), 0.50).history()));
        // the epoch's mean (0.80) is far above the valid loss, its late half (0.5286) is not: the mean lags
        assertEquals(List.of(), DIAGNOSIS.fit(new Builder().row(new double[] {1.4, 1.3, 1.1, 0.9, 0.55, 0.53, 0.52, 0.5}, 0.5).history()));
        // underfitting early in the fit, not at its end: nothing
        assertEquals(List.of(), DIAGNOSIS.fit(new Builder().row(falling(1.1, 0.7, 8), 0.5).row(falling(0.5, 0.3, 8), 0.34).history()));
        // far above a validation loss near zero, but below 5% of where the fit started: converged
        assertEquals(List.of(), DIAGNOSIS.fit(new Builder().row(falling(1.0, 0.1, 8), 0.02).row(falling(0.03, 0.02, 8), 0.002).history()));
        // a wider margin silences the 23% case
        History h = new Builder().row(falling(0.66, 0.60, 8), 0.50).history();
        assertEquals(List.of(), new LossDiagnosis(new Thresholds(0.3, 0.05, 0.5, 0.05, 0.01, 2, 0.25, 4)).fit(h));
    }

    // ================================================================ overfitting

    @Test
    void aFallingMetricWhileTheTrainLossFallsIsOverfitting() {
        History h = healthy().row(falling(0.25, 0.20, 8), 0.33, "accuracy", 0.88).history();   // best 0.90 at epoch 3
        List<Diagnosis> last = DIAGNOSIS.epoch(h, 4);
        assertEquals(List.of(Kind.OVERFITTING), kinds(last));
        assertEquals("overfitting: accuracy 0.8800 is below its best 0.9000 (epoch 3) while the train loss fell from 0.2750 to 0.2250:"
                + " fewer epochs, more data or augmentation, or more regularization", last.get(0).text());
        assertEquals(1, DIAGNOSIS.all(h).size(), "no earlier row fires");
        List<Diagnosis> fit = DIAGNOSIS.fit(h);
        assertEquals(List.of(Kind.OVERFITTING), kinds(fit));
        assertEquals("fit: overfitting in epoch 4; accuracy was best at epoch 3 (0.9000), 0.8800 at the end: fewer epochs (or keep the best with"
                + " SaveModelCallback), more data or augmentation, or more regularization", fit.get(0).text());
    }

    @Test
    void aRisingErrorRateIsOverfittingToo() {
        History h = new Builder().row(falling(1.0, 0.5, 8), 0.55, "error_rate", 0.20).row(falling(0.5, 0.3, 8), 0.45, "error_rate", 0.10)
                .row(falling(0.3, 0.2, 8), 0.50, "error_rate", 0.13).history();
        assertEquals(List.of(Kind.OVERFITTING), kinds(DIAGNOSIS.epoch(h, 2)));
        assertTrue(DIAGNOSIS.epoch(h, 2).get(0).text().startsWith("overfitting: error_rate 0.1300 is above its best 0.1000 (epoch 1)"));
    }

    @Test
    void withoutAMetricARisingValidLossIsOverfitting() {
        History h = new Builder().row(falling(1.0, 0.5, 8), 0.50).row(falling(0.5, 0.3, 8), 0.40).row(falling(0.3, 0.2, 8), 0.44).history();
        assertEquals(List.of(Kind.OVERFITTING), kinds(DIAGNOSIS.epoch(h, 2)));
        assertTrue(DIAGNOSIS.epoch(h, 2).get(0).text().startsWith("overfitting: valid_loss 0.4400 is above its best 0.4000 (epoch 1)"));
    }

    @Test
    void overfittingNearMisses() {
        // the metric fell by 0.005, under the 0.01 threshold
        assertEquals(List.of(), DIAGNOSIS.all(healthy().row(falling(0.25, 0.20, 8), 0.31, "accuracy", 0.895).history()));
        // the metric fell, but so did the fit: the train loss rose too
        assertEquals(List.of(), DIAGNOSIS.all(healthy().row(falling(0.30, 0.28, 8), 0.33, "accuracy", 0.88).history()));
        // the valid loss rose by 20% while the accuracy still improved: with a metric, only the metric counts
        assertEquals(List.of(), DIAGNOSIS.all(healthy().row(falling(0.25, 0.20, 8), 0.36, "accuracy", 0.91).history()));
        // without a metric, a rise of 2.5% is under the 5% threshold
        assertEquals(List.of(), DIAGNOSIS.all(new Builder().row(falling(1.0, 0.5, 8), 0.50).row(falling(0.5, 0.3, 8), 0.40)
                .row(falling(0.3, 0.2, 8), 0.41).history()));
        // the metric fell in a row whose loss swings: the learning rate is off, and that explains it
        assertEquals(List.of(Kind.LEARNING_RATE), kinds(DIAGNOSIS.all(healthy().row(zigzag(0.25, 0.3, 8), 0.30, "accuracy", 0.85).history())));
        // a better epoch of an earlier fit does not count: this fit's rows are its own
        History h = new Builder().row(falling(1.0, 0.5, 8), 0.4, "accuracy", 0.95).newFit()
                .row(falling(1.0, 0.6, 8), 0.62, "accuracy", 0.80).row(falling(0.6, 0.5, 8), 0.55, "accuracy", 0.85).history();
        assertEquals(List.of(), DIAGNOSIS.all(h));
    }

    // ================================================================ the learning rate

    @Test
    void aLossThatSwingsBetweenBatchesIsALearningRateThatIsOff() {
        History h = new Builder().row(falling(1.2, 0.8, 8), 0.78).row(zigzag(0.8, 0.3, 8), 0.80).history();   // swings by 0.6 (0.514 beyond the drift from 1.1 to 0.5) against a start of 1.0
        List<Diagnosis> d = DIAGNOSIS.epoch(h, 1);
        assertEquals(List.of(Kind.LEARNING_RATE), kinds(d));
        assertEquals("learning rate: the loss swings between batches (by 0.5143 on average beyond its drift, 51% of the fit's"
                + " first-epoch loss 1.000): the learning rate is too high; lower it (lr-find's valley)", d.get(0).text());
        assertEquals(List.of(Kind.LEARNING_RATE), kinds(DIAGNOSIS.fit(h)));
        assertTrue(DIAGNOSIS.fit(h).get(0).text().startsWith("fit: the loss swung widely, grew or was not finite in epoch 1: "), DIAGNOSIS.fit(h).toString());
    }

    @Test
    void aLossThatGrowsOrIsNotFiniteIsALearningRateThatIsOff() {
        History grows = new Builder().row(new double[] {1.0, 1.5, 2.5, 4.0, 7.0, 12.0}, 9.0).history();
        assertEquals(List.of(Kind.LEARNING_RATE), kinds(DIAGNOSIS.epoch(grows, 0)));
        assertTrue(DIAGNOSIS.epoch(grows, 0).get(0).text().startsWith("learning rate: the loss grew to 7.667, 7.7 times the fit's first batch loss 1.000"));
        History nan = new Builder().row(new double[] {1.0, 0.9, Double.NaN}, Double.NaN).history();
        assertEquals(List.of(Kind.LEARNING_RATE), kinds(DIAGNOSIS.epoch(nan, 0)));
        assertTrue(DIAGNOSIS.epoch(nan, 0).get(0).text().startsWith("learning rate: a batch loss was NaN"));
    }

    @Test
    void learningRateNearMisses() {
        // as much movement, but all of it downhill: the net drift explains it
        assertEquals(List.of(), DIAGNOSIS.all(new Builder().row(falling(1.0, 0.2, 8), 0.25).history()));
        // noise of ±0.1 against a start of 1.0: a swing of 0.2 - (drift), under 0.25
        assertEquals(List.of(), DIAGNOSIS.all(new Builder().row(falling(1.2, 0.8, 8), 0.78).row(zigzag(0.5, 0.1, 8), 0.5).history()));
        // the small noise of a nearly converged loss is measured against where the fit started, not against itself
        assertEquals(List.of(), DIAGNOSIS.all(new Builder().row(falling(2.3, 0.5, 8), 0.4).row(zigzag(0.04, 0.03, 8), 0.045).history()));
        // wide swings over fewer batches than minBatches are not read
        assertEquals(List.of(), DIAGNOSIS.all(new Builder().row(falling(1.2, 0.8, 8), 0.78).row(zigzag(0.8, 0.3, 3), 0.80).history()));
        // the loss grew, but to 1.9 times the first batch loss, under 2
        assertEquals(List.of(), DIAGNOSIS.all(new Builder().row(new double[] {1.0, 1.2, 1.5, 1.8, 1.9, 2.0}, 1.8).history()));
    }

    // ================================================================ thresholds and histories

    @Test
    void badThresholdsAndHistoriesAreRefusedByName() {
        Thresholds d = Thresholds.DEFAULTS;
        assertEquals(new Thresholds(0.10, 0.05, 0.5, 0.05, 0.01, 2, 0.25, 4), d);
        String[] names = {"underfitMargin", "converged", "lateFraction", "lossRise", "metricDrop", "diverge", "swing", "minBatches"};
        List<Runnable> bad = List.of(
                () -> new Thresholds(-0.1, d.converged(), d.lateFraction(), d.lossRise(), d.metricDrop(), d.diverge(), d.swing(), d.minBatches()),
                () -> new Thresholds(d.underfitMargin(), 1, d.lateFraction(), d.lossRise(), d.metricDrop(), d.diverge(), d.swing(), d.minBatches()),
                () -> new Thresholds(d.underfitMargin(), d.converged(), 0, d.lossRise(), d.metricDrop(), d.diverge(), d.swing(), d.minBatches()),
                () -> new Thresholds(d.underfitMargin(), d.converged(), d.lateFraction(), Double.NaN, d.metricDrop(), d.diverge(), d.swing(), d.minBatches()),
                () -> new Thresholds(d.underfitMargin(), d.converged(), d.lateFraction(), d.lossRise(), -1, d.diverge(), d.swing(), d.minBatches()),
                () -> new Thresholds(d.underfitMargin(), d.converged(), d.lateFraction(), d.lossRise(), d.metricDrop(), 1, d.swing(), d.minBatches()),
                () -> new Thresholds(d.underfitMargin(), d.converged(), d.lateFraction(), d.lossRise(), d.metricDrop(), d.diverge(), 0, d.minBatches()),
                () -> new Thresholds(d.underfitMargin(), d.converged(), d.lateFraction(), d.lossRise(), d.metricDrop(), d.diverge(), d.swing(), 2));
        for (int i = 0; i < names.length; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.get(i)::run);
            assertTrue(e.getMessage().startsWith("LossDiagnosis: " + names[i] + " must be"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new History(List.of(1.0), List.of(2), List.of(new EpochResult(0, 1, 1, Map.of(), 0))));
        assertThrows(IllegalArgumentException.class, () -> new History(List.of(1.0), List.of(), List.of(new EpochResult(0, 1, 1, Map.of(), 0))));
        assertThrows(IllegalArgumentException.class, () -> DIAGNOSIS.epoch(healthy().history(), 4));
    }
}
