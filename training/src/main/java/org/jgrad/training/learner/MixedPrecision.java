package org.jgrad.training.learner;

import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Scope;
import org.jgrad.tensor.DType;
import org.jgrad.training.optim.GradScaler;

/**
 * fastai's {@code MixedPrecision} callback (added by {@link Learner#toFp16()} or
 * {@link Learner#toBf16()}): each training batch and each validation pass run under
 * {@link Autocast} with the low dtype, float16 or bfloat16, so convolutions, matmuls and
 * activations compute in it while the parameters stay float32 master weights and the loss is
 * computed in float32 (every loss casts its input up).
 *
 * <p>With float16 it also does, around the optimizer step, what PyTorch's {@code GradScaler} loop
 * does:
 * <pre>
 * afterLoss      leave autocast; backpropagate loss · S instead of the loss
 * afterBackward  unscale the float32 gradients (÷S); if any is inf or NaN: update (S halves) and
 *                skip the step (Cancel.BATCH: parameters and optimizer state stay as they were)
 * afterBatch     after finite gradients: update (after the growth interval of good steps, S
 *                doubles), also when another callback cancelled the batch after its backward
 * </pre>
 * The learning-rate schedule keeps advancing on a skipped step, as it does with PyTorch's scaler.
 *
 * <p>With bfloat16 there is no loss scaling (as with PyTorch's {@code autocast(dtype=bfloat16)},
 * which needs no {@code GradScaler}): bfloat16 has float32's 8 exponent bits, so its smallest
 * normal number is 2<sup>-126</sup> (float16's: 2<sup>-14</sup>, subnormals to 2<sup>-24</sup>) and
 * gradients that would underflow in float16 keep their value; what it lacks is precision (8
 * significant bits against float16's 11), which scaling would not restore anyway.
 */
public final class MixedPrecision implements Callback {
    private final DType low;
    /** The loss scaler for float16; null for bfloat16, which trains without loss scaling. */
    private final GradScaler scaler;
    private Scope autocast;
    private long skippedSteps;
    /** Finite gradients were unscaled this batch; the scaler awaits its update. */
    private boolean unscaled;

    /** Float16 compute with loss scaling by {@code scaler}. */
    public MixedPrecision(GradScaler scaler) {
        this(DType.FLOAT16, java.util.Objects.requireNonNull(scaler, "MixedPrecision: scaler is null"));
    }

    /**
     * Compute in {@code low}: float16 with a {@code scaler}, or bfloat16 with none ({@code null}).
     * float16 without loss scaling would lose the gradients below 2<sup>-24</sup>, and bfloat16
     * with it would only add skipped steps, so both are refused.
     */
    public MixedPrecision(DType low, GradScaler scaler) {
        if (low == null || !low.isHalf())
            throw new IllegalArgumentException("MixedPrecision: the low-precision dtype must be float16 or bfloat16, got " + low);
        if (low == DType.FLOAT16 && scaler == null)
            throw new IllegalArgumentException("MixedPrecision: float16 needs a GradScaler (its gradients underflow below 2^-24)");
        if (low == DType.BFLOAT16 && scaler != null)
            throw new IllegalArgumentException("MixedPrecision: bfloat16 trains without a GradScaler (it has float32's exponent range), got " + scaler);
        this.low = low;
        this.scaler = scaler;
    }

    /** The dtype the model computes in: float16 or bfloat16. */
    public DType lowDType() { return low; }

    /** The loss scaler, or null for bfloat16. */
    public GradScaler scaler() { return scaler; }

    /** Optimizer steps skipped because of inf or NaN gradients since this callback was made (always 0 for bfloat16). */
    public long skippedSteps() { return skippedSteps; }

    private void enterAutocast() {
        leaveAutocast();
        autocast = Autocast.enable(low);
    }

    private void leaveAutocast() {
        if (autocast != null) autocast.close();
        autocast = null;
    }

    @Override
    public void beforeBatch(Learner learner) {
        enterAutocast();
    }

    /** Scales a training batch's loss (float16); a validation batch (when the learner reports them) has no backward. */
    @Override
    public void afterLoss(Learner learner) {
        leaveAutocast();
        if (scaler != null && learner.isTraining()) learner.setLoss(scaler.scale(learner.loss()));
    }

    @Override
    public void afterBackward(Learner learner) {
        if (scaler == null) return;
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
