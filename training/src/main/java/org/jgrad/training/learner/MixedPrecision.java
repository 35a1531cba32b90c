package org.jgrad.training.learner;

import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Scope;
import org.jgrad.tensor.DType;
import org.jgrad.training.optim.GradScaler;

/**
 * fastai's {@code MixedPrecision} callback (added by {@link Learner#toFp16()}): each training batch
 * and each validation pass run under {@link Autocast} with float16, so convolutions, matmuls and
 * activations compute in float16 while the parameters stay float32 master weights and the loss
 * is computed in float32 (every loss casts its input up). Around the optimizer step it does what
 * PyTorch's {@code GradScaler} loop does:
 * <pre>
 * afterLoss      leave autocast; backpropagate loss · S instead of the loss
 * afterBackward  unscale the float32 gradients (÷S); if any is inf or NaN: update (S halves) and
 *                skip the step (Cancel.BATCH: parameters and optimizer state stay as they were)
 * afterBatch     after finite gradients: update (after the growth interval of good steps, S
 *                doubles), also when another callback cancelled the batch after its backward
 * </pre>
 * The learning-rate schedule keeps advancing on a skipped step, as it does with PyTorch's scaler.
 */
public final class MixedPrecision implements Callback {
    private final GradScaler scaler;
    private Scope autocast;
    private long skippedSteps;
    /** Finite gradients were unscaled this batch; the scaler awaits its update. */
    private boolean unscaled;

    public MixedPrecision(GradScaler scaler) {
        this.scaler = java.util.Objects.requireNonNull(scaler, "MixedPrecision: scaler is null");
    }

    public GradScaler scaler() { return scaler; }

    /** Optimizer steps skipped because of inf or NaN gradients since this callback was made. */
    public long skippedSteps() { return skippedSteps; }

    private void enterAutocast() {
        leaveAutocast();
        autocast = Autocast.enable(DType.FLOAT16);
    }

    private void leaveAutocast() {
        if (autocast != null) autocast.close();
        autocast = null;
    }

    @Override
    public void beforeBatch(Learner learner) {
        enterAutocast();
    }

    /** Scales a training batch's loss; a validation batch (when the learner reports them) has no backward. */
    @Override
    public void afterLoss(Learner learner) {
        leaveAutocast();
        if (learner.isTraining()) learner.setLoss(scaler.scale(learner.loss()));
    }

    @Override
    public void afterBackward(Learner learner) {
        scaler.unscale(learner.optimizer());
        if (scaler.foundInf()) {
            scaler.update();
            skippedSteps++;
            throw Cancel.BATCH;
        }
        unscaled = true;
    }

    /** Updates the scale after a good step; closes the scope if the batch ended early (an exception, or a cancel before the loss). */
    @Override
    public void afterBatch(Learner learner) {
        leaveAutocast();
        finishStep();
    }

    private void finishStep() {
        if (unscaled) scaler.update();
        unscaled = false;
    }

    @Override
    public void beforeValidate(Learner learner) {
        enterAutocast();
    }

    @Override
    public void afterValidate(Learner learner) {
        leaveAutocast();
    }

    /** Also after a fit that an exception ended mid-batch, so the scaler is ready for the next. */
    @Override
    public void afterFit(Learner learner) {
        leaveAutocast();
        finishStep();
    }
}
