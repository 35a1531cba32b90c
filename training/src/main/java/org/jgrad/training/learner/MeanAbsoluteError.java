package org.jgrad.training.learner;

/** fastai's {@code mae}: the mean of |output − target| (see {@link PointwiseError}). */
public final class MeanAbsoluteError extends PointwiseError {
    @Override public String name() { return "mae"; }

    @Override
    double error(double d) {
        return Math.abs(d);
    }
}
