package org.jgrad.training.gan;

/**
 * Decides which network trains on the next batch (fastai's {@code FixedGANSwitcher} and
 * {@code AdaptiveGANSwitcher}). The learner asks {@link #phase()} before each batch and reports the
 * batch's loss to {@link #afterBatch}. Its state is one line of text, so that a checkpoint can
 * hold it and a resumed fit switches exactly as the uninterrupted one would.
 */
public interface GanSwitcher {
    /** The phase of the next batch. */
    GanPhase phase();

    /** The batch trained {@code phase} with this loss. */
    void afterBatch(GanPhase phase, double loss);

    /** The state, for a checkpoint. */
    String state();

    /** Restores {@link #state()}; a malformed one is an IllegalArgumentException naming it. */
    void restore(String state);
}
