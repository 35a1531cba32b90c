package org.jgrad.bench.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.training.schedule.OneCycle;
import org.jgrad.training.schedule.Schedule;

/**
 * fastai's Adam under fastai's one-cycle schedule, in DJL, the same algorithm as jgrad's
 * {@code Adam.fastai} with {@code OneCycle} (whose schedules it uses): for parameter p with gradient g
 * at its step t, learning rate η and β₁ from the schedule at the current position, β₂ = 0.99,
 * ε = 1e-5, and weight decay λ = 0.01 on the weights listed as decayed (none on biases and BatchNorm):
 * <pre>
 *   p ← p·(1 − η·λ)
 *   m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
 *   p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)  =  p − (η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)) · m / (√v + ε·√(1 − β₂ᵗ))
 * </pre>
 * computed by PyTorch's fused DJL kernel ({@code adamUpdate} with decoupled decay), whose form is the
 * right-hand one: hence the ε passed is ε·√(1 − β₂ᵗ).
 */
final class OneCycleAdam extends Optimizer {
    static final float BETA2 = 0.99f, EPS = 1e-5f, WEIGHT_DECAY = 0.01f;

    private final List<String> decayedIds;
    private Set<String> decayed;
    private final Schedule lr, momentum;
    private final Map<String, NDArray> means = new HashMap<>(), variances = new HashMap<>();
    private double eta, beta1;

    /** {@code decayedIds}: ids of the parameters with weight decay (the list may be filled in after this, before the first step). */
    OneCycleAdam(List<String> decayedIds, double maxLr) {
        super(new Builder());
        this.decayedIds = decayedIds;
        OneCycle cycle = new OneCycle();
        lr = cycle.lr(maxLr);
        momentum = cycle.momentum();
        at(0);
    }

    /** Sets η and β₁ to the schedule's values at {@code pos} = batches done / batches. */
    void at(double pos) {
        eta = lr.at(pos);
        beta1 = momentum.at(pos);
    }

    @Override
    public void update(String id, NDArray weight, NDArray grad) {
        if (decayed == null) decayed = new HashSet<>(decayedIds);
        int t = updateCount(id);
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(BETA2, t);
        NDArray m = means.computeIfAbsent(id, k -> weight.zerosLike()), v = variances.computeIfAbsent(id, k -> weight.zerosLike());
        float wd = decayed.contains(id) ? WEIGHT_DECAY : 0f;
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), (float) eta,
                (float) (eta * Math.sqrt(c2) / c1), wd, rescaleGrad, clipGrad, (float) beta1, BETA2, (float) (EPS * Math.sqrt(c2)), true, true);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
