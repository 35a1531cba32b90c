package org.jgrad.training.learner;

import java.util.Map;

/**
 * One row of the epoch table.
 *
 * @param epoch     0-based epoch index
 * @param trainLoss mean training loss over the epoch's batches
 * @param validLoss mean validation loss per item
 * @param metrics   validation metrics by name, in the learner's order
 * @param seconds   wall-clock time of the epoch (training and validation)
 */
public record EpochResult(int epoch, double trainLoss, double validLoss, Map<String, Double> metrics, double seconds) {
}
