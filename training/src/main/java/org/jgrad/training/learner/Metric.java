package org.jgrad.training.learner;

import org.jgrad.tensor.NDArray;

/** A validation metric accumulated over the batches of an epoch. */
public interface Metric {
    /** Column name in the epoch table, e.g. {@code accuracy}. */
    String name();

    /** Starts a new epoch. */
    void reset();

    /** Adds one batch: the model's output (no graph) and the targets. */
    void accumulate(NDArray output, NDArray target);

    /** The value over the batches since {@link #reset()}. */
    double value();
}
