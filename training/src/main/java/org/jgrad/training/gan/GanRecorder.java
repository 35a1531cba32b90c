package org.jgrad.training.gan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * What a {@link GanLearner} fit did: the phase and loss of every batch, and a row per epoch (the
 * mean generator and critic losses over the epoch's batches of each phase, the sample metrics and
 * the seconds). Its {@link #stateDict()} goes into checkpoints, so a resumed fit continues the
 * plots and the table.
 */
public final class GanRecorder {
    /** One epoch: mean losses per phase (NaN for a phase that did not run), metrics by name, wall-clock seconds. */
    public record Row(int epoch, double generatorLoss, double criticLoss, Map<String, Double> metrics, double seconds) {}

    private final List<GanPhase> phases = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private int epochStart;

    void beforeEpoch() {
        epochStart = losses.size();
    }

    void addBatch(GanPhase phase, double loss) {
        phases.add(phase);
        losses.add(loss);
    }

    Row endEpoch(int epoch, Map<String, Double> metrics, double seconds) {
        Row row = new Row(epoch, meanSince(GanPhase.GENERATOR), meanSince(GanPhase.CRITIC), Collections.unmodifiableMap(new LinkedHashMap<>(metrics)),
                seconds);
        rows.add(row);
        return row;
    }

    private double meanSince(GanPhase phase) {
        double sum = 0;
        int n = 0;
        for (int i = epochStart; i < losses.size(); i++)
            if (phases.get(i) == phase) {
                sum += losses.get(i);
                n++;
            }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The phase of every batch so far. */
    public List<GanPhase> phases() { return Collections.unmodifiableList(phases); }

    /** The loss of every batch so far (the generator's or the critic's, as {@link #phases()} says). */
    public List<Double> losses() { return Collections.unmodifiableList(losses); }

    /** The epoch rows so far. */
    public List<Row> rows() { return Collections.unmodifiableList(rows); }

    /** The metric names of the rows (those of the first row; empty before any). */
    public List<String> metricNames() {
        return rows.isEmpty() ? List.of() : List.copyOf(rows.get(0).metrics().keySet());
    }

    /** {@code batches} (n, 2): phase (0 critic, 1 generator) and loss; {@code epochs} (e, 4 + metrics): epoch, losses, seconds, metrics. */
    Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        double[] b = new double[2 * losses.size()];
        for (int i = 0; i < losses.size(); i++) {
            b[2 * i] = phases.get(i).ordinal();
            b[2 * i + 1] = losses.get(i);
        }
        out.put("batches", NDArray.of(b).reshape(losses.size(), 2));
        List<String> names = metricNames();
        int width = 4 + names.size();
        double[] e = new double[width * rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            Row r = rows.get(k);
            e[k * width] = r.epoch();
            e[k * width + 1] = r.generatorLoss();
            e[k * width + 2] = r.criticLoss();
            e[k * width + 3] = r.seconds();
            for (int m = 0; m < names.size(); m++) e[k * width + 4 + m] = r.metrics().get(names.get(m));
        }
        out.put("epochs", NDArray.of(e).reshape(rows.size(), width));
        return out;
    }

    /** Replaces this history with a {@link #stateDict()}'s; a malformed one is an IllegalArgumentException and changes nothing. */
    void loadStateDict(Map<String, NDArray> state, List<String> metricNames) {
        NDArray b = state.get("batches"), e = state.get("epochs");
        if (b == null || e == null) throw new IllegalArgumentException("recorder: needs 'batches' and 'epochs', got " + state.keySet());
        int width = 4 + metricNames.size();
        if (b.rank() != 2 || b.shape(1) != 2 || e.rank() != 2 || e.shape(1) != width)
            throw new IllegalArgumentException("recorder: batches " + Shapes.format(b.shape()) + " and epochs " + Shapes.format(e.shape())
                    + ", expected (n, 2) and (e, " + width + ") for the metrics " + metricNames);
        double[] bv = b.toDoubleArray(), ev = e.toDoubleArray();
        List<GanPhase> p = new ArrayList<>();
        List<Double> l = new ArrayList<>();
        for (int i = 0; i < b.shape(0); i++) {
            int ordinal = (int) bv[2 * i];
            if (ordinal != 0 && ordinal != 1) throw new IllegalArgumentException("recorder: batch " + i + " has phase " + bv[2 * i]);
            p.add(GanPhase.values()[ordinal]);
            l.add(bv[2 * i + 1]);
        }
        List<Row> r = new ArrayList<>();
        for (int k = 0; k < e.shape(0); k++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int m = 0; m < metricNames.size(); m++) metrics.put(metricNames.get(m), ev[k * width + 4 + m]);
            r.add(new Row((int) ev[k * width], ev[k * width + 1], ev[k * width + 2], Collections.unmodifiableMap(metrics), ev[k * width + 3]));
        }
        phases.clear();
        phases.addAll(p);
        losses.clear();
        losses.addAll(l);
        rows.clear();
        rows.addAll(r);
    }
}
