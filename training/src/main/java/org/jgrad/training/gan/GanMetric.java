package org.jgrad.training.gan;

import java.util.Map;
import org.jgrad.tensor.NDArray;

/**
 * A number (or a few) read from generated images rather than from the losses, which say little
 * about a GAN's quality; {@link GanLearner} evaluates its metrics after every epoch on the images
 * its fixed scoring noise gives, so epochs are comparable. {@link SampleScorer} is one.
 */
@FunctionalInterface
public interface GanMetric {
    /** Named values for generated images (N, 1, H, W) in [-1, 1], in a fixed order. */
    Map<String, Double> evaluate(NDArray samples);
}
