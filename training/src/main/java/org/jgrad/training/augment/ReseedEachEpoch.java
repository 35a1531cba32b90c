package org.jgrad.training.augment;

import org.jgrad.tensor.random.Generator;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.Learner;

/**
 * Puts an augmentation's {@link Generator} at state {@code (seed, epoch · 2^40)} before every
 * epoch, so the random parameters of epoch e depend only on the seed and e, as the shuffle order
 * does ({@code DataLoader.setEpoch}): a run resumed from a checkpoint at epoch e draws what the
 * uninterrupted run drew. (Each epoch may reserve up to 2^40 counters: far more than any epoch
 * needs.) The reset happens at {@code beforeEpoch}, before the training loader's producer thread
 * of that epoch starts drawing.
 */
public final class ReseedEachEpoch implements Callback {
    private final Generator generator;
    private final long seed;

    public ReseedEachEpoch(Generator generator, long seed) {
        this.generator = generator;
        this.seed = seed;
    }

    @Override
    public void beforeEpoch(Learner learner) {
        generator.setState(seed, (long) learner.epoch() << 40);
    }
}
