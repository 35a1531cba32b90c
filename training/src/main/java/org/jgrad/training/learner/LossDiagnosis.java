package org.jgrad.training.learner;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads the losses the way the fastai course teaches: after each epoch, zero or more short
 * diagnoses of the history so far (overfitting, a learning rate that is off), and at the end of a
 * fit its summary, which also says whether it ended underfitting. Turned on with
 * {@link Learner#diagnose(boolean)}; {@link ProgressPrinter} prints the lines under the epoch
 * table's rows. A diagnosis depends only on the history up to its epoch ({@link Recorder}), so a
 * resumed run (its history restored from the checkpoint) shows the same lines again.
 *
 * <p>Notation for row {@code k} of the epoch table: {@code T_k} its train loss (the mean of its
 * batch losses), {@code V_k} its validation loss, {@code M_k} its first metric, {@code ℓ_1 … ℓ_n}
 * its training batches' losses, and {@code s} the first row of the fit it belongs to (the last
 * row at or before {@code k} with epoch 0: a resumed fit continues the rows it restored). The
 * rules, every number among them a field of {@link Thresholds}:
 *
 * <ul>
 * <li><b>Underfitting</b> ({@link Kind#UNDERFITTING}), read at the last row of a fit only (early
 *     in a fit the train loss is above the validation loss as a rule, and "train longer" is
 *     advice for its end): {@code L_k > (1 + underfitMargin) · V_k} and
 *     {@code L_k ≥ converged · T_s}, with {@code L_k} the mean of the last
 *     {@code ⌈lateFraction · n⌉} batch losses (the epoch's mean lags behind the model that the
 *     validation at its end measures; fastai's table shows a smoothed late loss for the same
 *     reason). The model does better on data it never trained on than on its training data:
 *     train longer, lower the late learning rate, regularize less. A train loss below
 *     {@code converged} times the fit's first one has little left to gain, however it compares
 *     with a validation loss near zero.</li>
 * <li><b>Overfitting</b> ({@link Kind#OVERFITTING}), for {@code k > s}: with {@code b} the best
 *     row of {@code s … k−1} by the first metric (its direction as {@link Monitor#of}: higher is
 *     better unless the name says loss or error), the metric got worse by more than
 *     {@code metricDrop} ({@code M_b − M_k > metricDrop}, or {@code M_k − M_b} when lower is
 *     better) while {@code T_k < T_b}. Without a metric the validation loss is read instead:
 *     {@code V_k > (1 + lossRise) · V_b}, the best {@code b} being the lowest. As the course says,
 *     a validation loss that rises while the metric still improves is not overfitting, so with a
 *     metric only the metric counts. A row whose learning rate is off (below) is not also called
 *     overfitting: unstable training explains its worse metric.</li>
 * <li><b>A learning rate that is off</b> ({@link Kind#LEARNING_RATE}): a batch loss is NaN or
 *     infinite; or the loss grew, {@code L_k > diverge · ℓ⁰} with {@code L_k} as above and
 *     {@code ℓ⁰} the fit's first batch loss; or, for {@code n ≥ minBatches}, the swing
 *     {@code S_k = (mean_i |ℓ_i − ℓ_{i−1}| − |mean_i (ℓ_i − ℓ_{i−1})|) / T_s > swing}: the
 *     batch-to-batch movement that the epoch's net drift does not explain (a loss that only falls
 *     has {@code S = 0}), measured against the loss the fit started from (its first row's train
 *     loss, so that the small noise of a nearly converged loss is not mistaken for a swing). Too
 *     high, almost always: lower it (lr-find's valley). Small batches swing more: raise
 *     {@code swing} for them.</li>
 * </ul>
 *
 * <p>At the end of a fit ({@link #fit}): underfitting if its last row underfits; and, for a fit of
 * two or more epochs, overfitting if any of its rows overfits, naming the best row, and a
 * learning rate that is off if any of its rows says so, naming them. A healthy history gives no
 * lines at all.
 */
public final class LossDiagnosis {
    /** What a diagnosis is about. */
    public enum Kind { UNDERFITTING, OVERFITTING, LEARNING_RATE }

    /**
     * One finding.
     *
     * @param kind  what it is about
     * @param epoch the epoch (as in the table) it reads; for a fit's summary, the fit's last
     * @param text  one line, starting with what it found ({@code overfitting: …}) or, for a fit's
     *              summary, with {@code fit: }
     */
    public record Diagnosis(Kind kind, int epoch, String text) {
        @Override public String toString() { return text; }
    }

    /**
     * Every threshold of the rules (see the class comment), in one place.
     *
     * @param underfitMargin how far, relatively, the late train loss must exceed the validation
     *                       loss to call it underfitting; default 0.10 (10%)
     * @param converged      the share of the fit's first train loss under which the late train
     *                       loss is not called underfitting, in [0, 1); default 0.05
     * @param lateFraction   the share of an epoch's last batches whose mean is its late train loss,
     *                       in (0, 1]; default 0.5 (the second half)
     * @param lossRise       without a metric, how far, relatively, the validation loss must rise
     *                       above its best to call it overfitting; default 0.05 (5%)
     * @param metricDrop     how far the first metric must fall below its best (rise above it when
     *                       lower is better), in the metric's own units, to call it overfitting;
     *                       default 0.01 (one point of accuracy or error rate)
     * @param diverge        how many times the fit's first batch loss the late train loss must
     *                       reach to call it growing, above 1; default 2
     * @param swing          the swing {@code S} above which the learning rate is called off;
     *                       default 0.25 (a quarter of the loss the fit started from)
     * @param minBatches     the fewest training batches an epoch needs for its swing to be
     *                       read, at least 3; default 4
     */
    public record Thresholds(double underfitMargin, double converged, double lateFraction, double lossRise, double metricDrop, double diverge, double swing, int minBatches) {
        /** The documented defaults. */
        public static final Thresholds DEFAULTS = new Thresholds(0.10, 0.05, 0.5, 0.05, 0.01, 2, 0.25, 4);

        public Thresholds {
            if (!(underfitMargin >= 0)) throw new IllegalArgumentException("LossDiagnosis: underfitMargin must be >= 0, got " + underfitMargin);
            if (!(converged >= 0 && converged < 1)) throw new IllegalArgumentException("LossDiagnosis: converged must be in [0, 1), got " + converged);
            if (!(lateFraction > 0 && lateFraction <= 1)) throw new IllegalArgumentException("LossDiagnosis: lateFraction must be in (0, 1], got " + lateFraction);
            if (!(lossRise >= 0)) throw new IllegalArgumentException("LossDiagnosis: lossRise must be >= 0, got " + lossRise);
            if (!(metricDrop >= 0)) throw new IllegalArgumentException("LossDiagnosis: metricDrop must be >= 0, got " + metricDrop);
            if (!(diverge > 1)) throw new IllegalArgumentException("LossDiagnosis: diverge must be > 1, got " + diverge);
            if (!(swing > 0)) throw new IllegalArgumentException("LossDiagnosis: swing must be > 0, got " + swing);
            if (minBatches < 3) throw new IllegalArgumentException("LossDiagnosis: minBatches must be >= 3, got " + minBatches);
        }
    }

    /**
     * The history the rules read: every training batch's loss, for each row of the table the
     * number of batches recorded when it ended, and the rows; as {@link Recorder} keeps them.
     */
    public record History(List<Double> batchLosses, List<Integer> epochEnds, List<EpochResult> epochs) {
        public History {
            batchLosses = List.copyOf(batchLosses);
            epochEnds = List.copyOf(epochEnds);
            epochs = List.copyOf(epochs);
            if (epochEnds.size() != epochs.size())
                throw new IllegalArgumentException("LossDiagnosis.History: " + epochEnds.size() + " epoch ends for " + epochs.size() + " epochs");
            for (int k = 0; k < epochEnds.size(); k++)
                if (epochEnds.get(k) < (k == 0 ? 0 : epochEnds.get(k - 1)) || epochEnds.get(k) > batchLosses.size())
                    throw new IllegalArgumentException("LossDiagnosis.History: epoch " + k + " ends at batch " + epochEnds.get(k) + " of " + batchLosses.size());
        }

        /** The recorder's history now. */
        public static History of(Recorder r) {
            return new History(r.batchLosses(), r.epochEnds(), r.epochs());
        }

        /** Row {@code k}'s training batch losses. */
        List<Double> losses(int k) {
            return batchLosses.subList(k == 0 ? 0 : epochEnds.get(k - 1), epochEnds.get(k));
        }

        /** The first row of the fit that row {@code k} belongs to: the last row at or before it with epoch 0 (0 if none). */
        int fitStart(int k) {
            for (int j = k; j >= 0; j--) if (epochs.get(j).epoch() == 0) return j;
            return 0;
        }
    }

    private final Thresholds thresholds;

    /** With {@link Thresholds#DEFAULTS}. */
    public LossDiagnosis() {
        this(Thresholds.DEFAULTS);
    }

    public LossDiagnosis(Thresholds thresholds) {
        this.thresholds = java.util.Objects.requireNonNull(thresholds, "thresholds");
    }

    public Thresholds thresholds() { return thresholds; }

    /** The diagnoses of row {@code k} of {@code r}'s epoch table. */
    public List<Diagnosis> epoch(Recorder r, int k) {
        return epoch(History.of(r), k);
    }

    /**
     * The diagnoses of row {@code k} (0-based, of {@link History#epochs()}), read from the rows up
     * to it: a learning rate that is off, overfitting (underfitting is read by {@link #fit}).
     */
    public List<Diagnosis> epoch(History h, int k) {
        if (k < 0 || k >= h.epochs().size()) throw new IllegalArgumentException("LossDiagnosis: no row " + k + " in a history of " + h.epochs().size());
        List<Diagnosis> out = new ArrayList<>();
        EpochResult row = h.epochs().get(k);
        String lr = learningRate(h, k);
        if (lr != null) out.add(new Diagnosis(Kind.LEARNING_RATE, row.epoch(), lr));
        String over = lr == null ? overfitting(h, k) : null;   // unstable training explains a worse metric
        if (over != null) out.add(new Diagnosis(Kind.OVERFITTING, row.epoch(), over));
        return out;
    }

    /** Every row's diagnoses, in order. */
    public List<Diagnosis> all(History h) {
        List<Diagnosis> out = new ArrayList<>();
        for (int k = 0; k < h.epochs().size(); k++) out.addAll(epoch(h, k));
        return out;
    }

    /** The summary of the fit that ended with the last row of {@code r}'s table. */
    public List<Diagnosis> fit(Recorder r) {
        return fit(History.of(r));
    }

    /**
     * The summary of the fit that ended with the history's last row (see the class comment):
     * underfitting at its end, then for a fit of several epochs the learning rate's and
     * overfitting's rows; nothing for an empty history.
     */
    public List<Diagnosis> fit(History h) {
        int last = h.epochs().size() - 1;
        if (last < 0) return List.of();
        int s = h.fitStart(last);
        int lastEpoch = h.epochs().get(last).epoch();
        List<Diagnosis> out = new ArrayList<>();
        String under = underfitting(h, last);
        if (under != null) out.add(new Diagnosis(Kind.UNDERFITTING, lastEpoch, "fit: " + under));
        if (last == s) return out;   // one epoch: its row's lines say the rest
        Map<Kind, List<Integer>> fired = new EnumMap<>(Kind.class);
        for (int k = s; k <= last; k++)
            for (Diagnosis d : epoch(h, k)) fired.computeIfAbsent(d.kind(), x -> new ArrayList<>()).add(k);
        List<Integer> rows = fired.get(Kind.LEARNING_RATE);
        if (rows != null)
            out.add(new Diagnosis(Kind.LEARNING_RATE, lastEpoch, "fit: the loss swung widely, grew or was not finite in " + epochs(h, rows)
                    + ": the learning rate is too high; lower it (lr-find's valley)"));
        rows = fired.get(Kind.OVERFITTING);
        if (rows != null) {
            Watched w = watched(h, last);
            int best = w.best(h, s, last + 1);
            out.add(new Diagnosis(Kind.OVERFITTING, lastEpoch, String.format(Locale.ROOT,
                    "fit: overfitting in %s; %s was best at epoch %d (%s), %s at the end: fewer epochs (or keep the best with SaveModelCallback),"
                            + " more data or augmentation, or more regularization",
                    epochs(h, rows), w.name(), h.epochs().get(best).epoch(), num(w.value(h, best)), num(w.value(h, last)))));
        }
        return out;
    }

    private static String epochs(History h, List<Integer> rows) {
        StringJoiner j = new StringJoiner(", ", rows.size() == 1 ? "epoch " : "epochs ", "");
        for (int k : rows) j.add(Integer.toString(h.epochs().get(k).epoch()));
        return j.toString();
    }

    // ================================================================ the rules

    private String learningRate(History h, int k) {
        List<Double> losses = h.losses(k);
        for (double l : losses)
            if (!Double.isFinite(l))
                return "learning rate: a batch loss was " + l + ": the learning rate is far too high (or the data holds non-finite values); lower it";
        int n = losses.size();
        int s = h.fitStart(k);
        List<Double> fitLosses = h.losses(s);
        double late = lateLoss(losses), start = fitLosses.isEmpty() ? Double.NaN : fitLosses.get(0);
        if (start > 0 && late > thresholds.diverge() * start)
            return String.format(Locale.ROOT, "learning rate: the loss grew to %s, %.1f times the fit's first batch loss %s:"
                    + " the learning rate is too high; lower it (lr-find's valley)", num(late), late / start, num(start));
        if (n < thresholds.minBatches()) return null;
        double reference = h.epochs().get(s).trainLoss();
        if (!(reference > 0) || Double.isInfinite(reference)) return null;
        double moved = 0;
        for (int i = 1; i < n; i++) moved += Math.abs(losses.get(i) - losses.get(i - 1));
        moved /= n - 1;
        double drift = Math.abs(losses.get(n - 1) - losses.get(0)) / (n - 1);
        double swing = (moved - drift) / reference;
        if (!(swing > thresholds.swing())) return null;
        return String.format(Locale.ROOT, "learning rate: the loss swings between batches (by %s on average beyond its drift, %.0f%% of the fit's"
                + " first-epoch loss %s): the learning rate is too high; lower it (lr-find's valley)", num(moved - drift), 100 * swing, num(reference));
    }

    private String underfitting(History h, int k) {
        EpochResult row = h.epochs().get(k);
        List<Double> losses = h.losses(k);
        double late = losses.isEmpty() ? row.trainLoss() : lateLoss(losses);
        double valid = row.validLoss(), first = h.epochs().get(h.fitStart(k)).trainLoss();
        if (!(valid > 0) || !Double.isFinite(valid) || !Double.isFinite(late) || !(late > (1 + thresholds.underfitMargin()) * valid)) return null;
        if (Double.isFinite(first) && late < thresholds.converged() * first) return null;
        return String.format(Locale.ROOT, "underfitting: the late train loss %s is %.0f%% above the valid loss %s:"
                + " train longer, lower the late learning rate, or regularize less", num(late), 100 * (late / valid - 1), num(valid));
    }

    /** The mean of the last {@code ⌈lateFraction · n⌉} of {@code losses}, NaN for none. */
    private double lateLoss(List<Double> losses) {
        if (losses.isEmpty()) return Double.NaN;
        int m = Math.max(1, (int) Math.ceil(thresholds.lateFraction() * losses.size()));
        double sum = 0;
        for (double l : losses.subList(losses.size() - m, losses.size())) sum += l;
        return sum / m;
    }

    private String overfitting(History h, int k) {
        int s = h.fitStart(k);
        if (k <= s) return null;
        Watched w = watched(h, k);
        double now = w.value(h, k);
        if (!Double.isFinite(now)) return null;
        int b = w.best(h, s, k);
        if (b < 0) return null;
        double best = w.value(h, b), trainThen = h.epochs().get(b).trainLoss(), trainNow = h.epochs().get(k).trainLoss();
        boolean worse = w.metric() ? (w.higherIsBetter() ? best - now : now - best) > thresholds.metricDrop()
                : now > (1 + thresholds.lossRise()) * best;
        if (!worse || !(trainNow < trainThen)) return null;
        return String.format(Locale.ROOT, "overfitting: %s %s is %s its best %s (epoch %d) while the train loss fell from %s to %s:"
                        + " fewer epochs, more data or augmentation, or more regularization",
                w.name(), num(now), w.higherIsBetter() ? "below" : "above", num(best), h.epochs().get(b).epoch(), num(trainThen), num(trainNow));
    }

    /** What the overfitting rule watches at row {@code k}: its first metric, else the validation loss. */
    private record Watched(String name, boolean metric, boolean higherIsBetter) {
        double value(History h, int k) {
            EpochResult r = h.epochs().get(k);
            return metric ? r.metrics().getOrDefault(name, Double.NaN) : r.validLoss();
        }

        /** The first best row of {@code from … to−1} with a finite value, or -1. */
        int best(History h, int from, int to) {
            int best = -1;
            for (int j = from; j < to; j++) {
                double v = value(h, j);
                if (!Double.isFinite(v)) continue;
                if (best < 0 || (higherIsBetter ? v > value(h, best) : v < value(h, best))) best = j;
            }
            return best;
        }
    }

    private static Watched watched(History h, int k) {
        Map<String, Double> metrics = h.epochs().get(k).metrics();
        if (metrics.isEmpty()) return new Watched("valid_loss", false, false);
        String name = metrics.keySet().iterator().next();
        return new Watched(name, true, Monitor.of(name, 0).mode() == Monitor.Mode.MAX);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
