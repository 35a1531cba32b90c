package org.jgrad.training.learner;

import org.jgrad.tensor.NDArray;

/** Fraction of items whose highest-scoring class (argmax over axis 1) equals the target class. */
public final class Accuracy implements Metric {
    private long correct, total;

    @Override public String name() { return "accuracy"; }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public void accumulate(NDArray output, NDArray target) {
        NDArray predicted = output.argmax(1, false);
        correct += (long) predicted.eq(target.to(predicted.dtype())).sum().item();
        total += target.numel();
    }

    @Override
    public double value() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
