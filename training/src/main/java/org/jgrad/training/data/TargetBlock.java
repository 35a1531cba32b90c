package org.jgrad.training.data;

import java.util.List;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.learner.LossFunction;
import org.jgrad.training.learner.Metric;

/**
 * The target side of a {@link DataBlock}: turns the labels the labeller gives into the targets of
 * the loss, and decides the default loss and metrics, as fastai's blocks do: {@link CategoryBlock}
 * (classes: cross-entropy, accuracy), {@link RegressionBlock} (numbers: MSE, mse).
 *
 * @param <Y> the type of label it reads
 */
public interface TargetBlock<Y> {
    /** Prepares the encoding from the training labels (a category vocabulary, for example). */
    Encoding<Y> setup(List<? extends Y> trainLabels);

    /** The loss to train with unless another is given. */
    LossFunction defaultLoss();

    /** Fresh instances of the metrics to report unless others are given. */
    List<Metric> defaultMetrics();

    /**
     * Labels to targets, set up on the training labels.
     *
     * @param <Y> the label type
     */
    interface Encoding<Y> {
        /** The targets of {@code labels}: one row per label (int64 class indices, float32 values). */
        NDArray encode(List<? extends Y> labels);

        /** The class names by index; empty for targets that are not classes. */
        List<String> vocab();
    }
}
