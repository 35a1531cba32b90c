package org.jgrad.training.learner;

/** fastai's {@code mse}: the mean of (output − target)² (see {@link PointwiseError}). */
public final class MeanSquaredError extends PointwiseError {
    @Override public String name() { return "mse"; }

    @Override
    double error(double d) {
        return d * d;
    }
}
