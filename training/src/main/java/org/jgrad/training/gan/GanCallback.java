package org.jgrad.training.gan;

/**
 * Hooks into {@link GanLearner}'s loop; every event does nothing by default. A callback may throw
 * {@link org.jgrad.training.learner.Callback.Cancel#FIT} to end the fit after the current event
 * (as {@code --stop-after} does after an epoch).
 *
 * <pre>
 * beforeFit
 *   for each epoch: beforeEpoch
 *     for each batch: beforeBatch, afterBatch   (phase() says which network trained)
 *   afterEpoch                                  (the recorder's row, with the sample metrics, is there)
 * afterFit
 * </pre>
 */
public interface GanCallback {
    default void beforeFit(GanLearner learner) {}
    default void beforeEpoch(GanLearner learner) {}
    default void beforeBatch(GanLearner learner) {}
    default void afterBatch(GanLearner learner) {}
    default void afterEpoch(GanLearner learner) {}
    default void afterFit(GanLearner learner) {}
}
