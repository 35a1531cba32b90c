package org.jgrad.training.learner;

import org.jgrad.tensor.NDArray;

/**
 * fastai's {@code mae}: the mean of {@code |output − target|} over every element of every batch
 * since {@link #reset()}. Output and target must hold the same number of elements; they are
 * compared in row-major order.
 */
public final class MeanAbsoluteError implements Metric {
    private double sum;
    private long count;

    @Override public String name() { return "mae"; }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public void accumulate(NDArray output, NDArray target) {
        double[] o = output.toDoubleArray(), t = target.toDoubleArray();
        if (o.length != t.length) throw new IllegalArgumentException("mae: " + o.length + " outputs for " + t.length + " targets");
        for (int i = 0; i < o.length; i++) sum += Math.abs(o[i] - t[i]);
        count += o.length;
    }

    @Override
    public double value() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
