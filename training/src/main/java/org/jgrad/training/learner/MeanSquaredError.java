package org.jgrad.training.learner;

import org.jgrad.tensor.NDArray;

/**
 * fastai's {@code mse}: the mean of {@code (output − target)²} over every element of every batch
 * since {@link #reset()}. Output and target must hold the same number of elements (an output of
 * shape {@code [n, 1]} against a target {@code [n]} is fine); they are compared in row-major order.
 */
public final class MeanSquaredError implements Metric {
    private double sum;
    private long count;

    @Override public String name() { return "mse"; }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public void accumulate(NDArray output, NDArray target) {
        double[] o = output.toDoubleArray(), t = target.toDoubleArray();
        if (o.length != t.length) throw new IllegalArgumentException("mse: " + o.length + " outputs for " + t.length + " targets");
        for (int i = 0; i < o.length; i++) {
            double d = o[i] - t[i];
            sum += d * d;
        }
        count += o.length;
    }

    @Override
    public double value() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
