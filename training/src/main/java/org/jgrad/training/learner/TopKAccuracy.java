package org.jgrad.training.learner;

import org.jgrad.tensor.NDArray;

/**
 * fastai's {@code top_k_accuracy}: the fraction of items whose target class is among the {@code k}
 * highest-scoring classes of the output ({@code [batch, classes]}, targets {@code [batch]} class
 * indices).
 *
 * <p>Ties are broken as {@link Accuracy}'s argmax breaks them, by the lower class index: the
 * target's rank is the number of classes that score higher, plus those that score the same with a
 * lower index, and the item counts when that rank is below k. So {@code new TopKAccuracy(1)} equals
 * {@link Accuracy}. A NaN score never counts as higher.
 */
public final class TopKAccuracy implements Metric {
    private final int k;
    private long correct, total;

    /** @param k how many of the best classes count, {@code >= 1} */
    public TopKAccuracy(int k) {
        if (k < 1) throw new IllegalArgumentException("TopKAccuracy: k must be >= 1, got " + k);
        this.k = k;
    }

    public int k() { return k; }

    /** {@code top_K_accuracy}, e.g. {@code top_5_accuracy}. */
    @Override public String name() { return "top_" + k + "_accuracy"; }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public void accumulate(NDArray output, NDArray target) {
        int[] shape = output.shape();
        if (shape.length != 2) throw new IllegalArgumentException("TopKAccuracy: output must be [batch, classes], got " + java.util.Arrays.toString(shape));
        int n = shape[0], classes = shape[1];
        long[] t = target.toLongArray();
        if (t.length != n) throw new IllegalArgumentException("TopKAccuracy: " + t.length + " targets for " + n + " outputs");
        double[] s = output.toDoubleArray();
        for (int i = 0; i < n; i++) {
            int c = (int) t[i];
            if (c < 0 || c >= classes) throw new IllegalArgumentException("TopKAccuracy: target " + t[i] + " out of range for " + classes + " classes");
            double ts = s[i * classes + c];
            int rank = 0;
            for (int j = 0; j < classes; j++) {
                double v = s[i * classes + j];
                if (v > ts || (Double.isNaN(ts) && !Double.isNaN(v)) || (v == ts && j < c)) rank++;
            }
            if (rank < k) correct++;
        }
        total += n;
    }

    @Override
    public double value() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
