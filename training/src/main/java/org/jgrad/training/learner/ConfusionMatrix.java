package org.jgrad.training.learner;

import java.util.Arrays;
import java.util.List;
import org.jgrad.tensor.NDArray;

/**
 * Counts of (actual class, predicted class) pairs over the batches since {@link #reset()}, as
 * fastai's {@code ClassificationInterpretation.confusion_matrix}: row = actual class, column =
 * predicted class (argmax over axis 1 of a {@code [batch, classes]} output, the first index on
 * ties). Used as a {@link Metric}, it is refilled by every validation pass, so after a fit it holds
 * the last epoch's matrix; its {@link #value()} is the accuracy read off the matrix (trace / total).
 *
 * <pre>{@code
 * ConfusionMatrix cm = new ConfusionMatrix(List.of("cat", "dog"));
 * Learner learn = new Learner(dls, model, loss, opt, List.of(cm));
 * learn.fitOneCycle(1, 1e-3);
 * System.out.println(cm);
 * }</pre>
 */
public final class ConfusionMatrix implements Metric {
    private final int classes;
    private final List<String> names;
    private final long[][] counts;

    /** Classes named by their index. */
    public ConfusionMatrix(int classes) {
        if (classes < 1) throw new IllegalArgumentException("ConfusionMatrix: needs at least one class, got " + classes);
        this.classes = classes;
        this.names = null;
        this.counts = new long[classes][classes];
    }

    /** One class per name, in index order. */
    public ConfusionMatrix(List<String> classNames) {
        if (classNames.isEmpty()) throw new IllegalArgumentException("ConfusionMatrix: needs at least one class");
        this.classes = classNames.size();
        this.names = List.copyOf(classNames);
        this.counts = new long[classes][classes];
    }

    public int classes() { return classes; }

    /** {@code confusion_accuracy}: the column name of {@link #value()}. */
    @Override public String name() { return "confusion_accuracy"; }

    @Override
    public void reset() {
        for (long[] row : counts) Arrays.fill(row, 0);
    }

    @Override
    public void accumulate(NDArray output, NDArray target) {
        int[] shape = output.shape();
        if (shape.length != 2 || shape[1] != classes)
            throw new IllegalArgumentException("ConfusionMatrix: output must be [batch, " + classes + "], got " + Arrays.toString(shape));
        long[] predicted = output.argmax(1, false).toLongArray(), actual = target.toLongArray();
        if (actual.length != predicted.length)
            throw new IllegalArgumentException("ConfusionMatrix: " + actual.length + " targets for " + predicted.length + " outputs");
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes)
                throw new IllegalArgumentException("ConfusionMatrix: target " + actual[i] + " out of range for " + classes + " classes");
            counts[(int) actual[i]][(int) predicted[i]]++;
        }
    }

    /** A copy of the counts: {@code matrix()[actual][predicted]}. */
    public long[][] matrix() {
        long[][] out = new long[classes][];
        for (int i = 0; i < classes; i++) out[i] = counts[i].clone();
        return out;
    }

    /** Items counted since {@link #reset()}. */
    public long total() {
        long t = 0;
        for (long[] row : counts) for (long c : row) t += c;
        return t;
    }

    /** Accuracy from the matrix: trace / total (NaN when empty). */
    @Override
    public double value() {
        long total = total(), diag = 0;
        for (int i = 0; i < classes; i++) diag += counts[i][i];
        return total == 0 ? Double.NaN : (double) diag / total;
    }

    /**
     * The matrix as a right-aligned text table, rows = actual, columns = predicted, labelled with the
     * class names (or indices):
     * <pre>
     * actual\predicted  cat  dog
     *              cat    5    1
     *              dog    0    4
     * </pre>
     */
    @Override
    public String toString() {
        String corner = "actual\\predicted";
        String[] labels = new String[classes];
        for (int i = 0; i < classes; i++) labels[i] = names == null ? Integer.toString(i) : names.get(i);
        int first = corner.length();
        for (String l : labels) first = Math.max(first, l.length());
        int[] widths = new int[classes];
        for (int j = 0; j < classes; j++) {
            widths[j] = labels[j].length();
            for (int i = 0; i < classes; i++) widths[j] = Math.max(widths[j], Long.toString(counts[i][j]).length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pad(corner, first));
        for (int j = 0; j < classes; j++) sb.append("  ").append(pad(labels[j], widths[j]));
        sb.append('\n');
        for (int i = 0; i < classes; i++) {
            sb.append(pad(labels[i], first));
            for (int j = 0; j < classes; j++) sb.append("  ").append(pad(Long.toString(counts[i][j]), widths[j]));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
