package org.jgrad.training.learner;

import org.jgrad.tensor.NDArray;

/**
 * The mean of a per-element error f(output − target) over every element of every batch since
 * {@link #reset()}. Output and target must hold the same number of elements (an output of shape
 * {@code [n, 1]} against a target {@code [n]} is fine); they are compared in row-major order.
 */
abstract class PointwiseError implements Metric {
    private double sum;
    private long count;

    /** f(d) for one difference d = output − target. */
    abstract double error(double difference);

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public void accumulate(NDArray output, NDArray target) {
        double[] o = output.toDoubleArray(), t = target.toDoubleArray();
        if (o.length != t.length) throw new IllegalArgumentException(name() + ": " + o.length + " outputs for " + t.length + " targets");
        for (int i = 0; i < o.length; i++) sum += error(o[i] - t[i]);
        count += o.length;
    }

    @Override
    public double value() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
