package org.jgrad.training.learner;

import org.jgrad.tensor.NDArray;

/**
 * fastai's {@code error_rate}: the fraction of items whose highest-scoring class (argmax over axis 1,
 * the first index on ties, as {@link Accuracy}) differs from the target class; {@code 1 − accuracy}.
 */
public final class ErrorRate implements Metric {
    private final Accuracy accuracy = new Accuracy();

    @Override public String name() { return "error_rate"; }

    @Override public void reset() { accuracy.reset(); }

    @Override public void accumulate(NDArray output, NDArray target) { accuracy.accumulate(output, target); }

    @Override
    public double value() {
        double a = accuracy.value();
        return Double.isNaN(a) ? Double.NaN : 1 - a;
    }
}
