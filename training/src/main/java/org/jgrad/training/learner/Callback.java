package org.jgrad.training.learner;

/**
 * Hooks into the training loop at fastai's events; every event does nothing by default. A callback
 * may throw {@link Cancel#BATCH}, {@link Cancel#EPOCH} or {@link Cancel#FIT} to skip the rest of
 * the batch, the epoch, or the whole fit.
 *
 * <pre>
 * beforeFit
 *   for each epoch: beforeEpoch
 *     beforeTrain; for each batch: beforeBatch, afterLoss, afterBackward, afterStep, afterBatch; afterTrain
 *     beforeValidate; for each batch: beforeBatch, afterLoss, afterBatch (isTraining() false); afterValidate
 *   afterEpoch
 * afterFit
 * </pre>
 */
public interface Callback {
    default void beforeFit(Learner learner) {}
    default void beforeEpoch(Learner learner) {}
    default void beforeTrain(Learner learner) {}
    default void beforeBatch(Learner learner) {}
    default void afterLoss(Learner learner) {}
    default void afterBackward(Learner learner) {}
    default void afterStep(Learner learner) {}
    default void afterBatch(Learner learner) {}
    default void afterTrain(Learner learner) {}
    default void beforeValidate(Learner learner) {}
    default void afterValidate(Learner learner) {}
    default void afterEpoch(Learner learner) {}
    default void afterFit(Learner learner) {}

    /** Thrown by a callback to skip the rest of a batch, an epoch, or the fit. */
    final class Cancel extends RuntimeException {
        public static final Cancel BATCH = new Cancel("batch"), EPOCH = new Cancel("epoch"), FIT = new Cancel("fit");

        private Cancel(String what) {
            super("cancel " + what, null, false, false);
        }
    }
}
