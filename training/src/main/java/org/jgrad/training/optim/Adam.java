package org.jgrad.training.optim;

import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.AdamStep;
import org.jgrad.tensor.NDArray;

/**
 * Adam, as PyTorch's {@code torch.optim.Adam}: weight decay as an L2 term added to the gradient.
 * {@link AdamW} is the decoupled variant.
 *
 * <p>For parameter p with gradient g at step t (counted per parameter from 1), learning rate η,
 * β₁ (the group's {@link ParamGroup#MOMENTUM}), β₂, ε and weight decay λ; m and v start at zero:
 * <pre>
 *   g ← g + λ·p                         (Adam: coupled L2)
 *   p ← p·(1 − η·λ)                     (AdamW instead: decoupled weight decay, g unchanged)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * PyTorch's defaults: η = 1e-3, β = (0.9, 0.999), ε = 1e-8, λ = 0 (Adam) or 0.01 (AdamW).
 *
 * <p><b>fastai's Adam</b> ({@link #fastai}) is the same algorithm with decoupled weight decay and
 * other defaults: β₁ = {@code mom} = 0.9, β₂ = {@code sqr_mom} = 0.99, ε = 1e-5, λ = {@code wd} = 0.01.
 * fastai writes the denominator as √(v/(1 − β₂ᵗ)) + ε, the same value. The larger ε and smaller β₂
 * make its steps less aggressive for tiny second moments and quicker to adapt.
 *
 * <p>When a schedule changes β₁ during training (one-cycle momentum), the bias correction uses the
 * current β₁, as both PyTorch and fastai do.
 *
 * <p>Checked: η ≥ 0, ε ≥ 0, β₁ ∈ [0, 1), β₂ ∈ [0, 1), λ ≥ 0.
 */
public class Adam extends Optimizer {
    private final boolean decoupled;

    /** Adam with L2 weight decay; groups' unset hyperparameters take these values. */
    public Adam(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this("Adam", groups, lr, beta1, beta2, eps, weightDecay, false);
    }

    Adam(String name, List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(name, groups, Map.of(ParamGroup.LR, lr, ParamGroup.MOMENTUM, beta1, ParamGroup.BETA2, beta2,
                ParamGroup.EPS, eps, ParamGroup.WEIGHT_DECAY, weightDecay));
        this.decoupled = decoupled;
    }

    /** PyTorch's defaults (β = (0.9, 0.999), ε = 1e-8, no weight decay) over one group. */
    public static Adam of(List<Tensor> params, double lr) {
        return new Adam(List.of(ParamGroup.of(params)), lr, 0.9, 0.999, 1e-8, 0);
    }

    /** fastai's Adam: decoupled weight decay 0.01, β₁ 0.9, β₂ 0.99, ε 1e-5. */
    public static AdamW fastai(List<ParamGroup> groups, double lr) {
        return fastai(groups, lr, 0.01);
    }

    /** fastai's Adam with weight decay {@code wd} (decoupled). */
    public static AdamW fastai(List<ParamGroup> groups, double lr, double wd) {
        return new AdamW(groups, lr, 0.9, 0.99, 1e-5, wd);
    }

    /** Whether weight decay is decoupled (AdamW) rather than an L2 term in the gradient. */
    public final boolean decoupled() { return decoupled; }

    @Override
    protected void validate(ParamGroup g, String where) {
        checkAtLeast("lr", g.get(ParamGroup.LR), 0, where);
        checkAtLeast("eps", g.get(ParamGroup.EPS), 0, where);
        checkHalfOpen("beta1", g.get(ParamGroup.MOMENTUM), 0, 1, where);
        checkHalfOpen("beta2", g.get(ParamGroup.BETA2), 0, 1, where);
        checkAtLeast("weight_decay", g.get(ParamGroup.WEIGHT_DECAY), 0, where);
    }

    /** The step in one call to the parameter's backend ({@link org.jgrad.tensor.Backend#adamUpdate}), fused where the device can. */
    @Override
    protected final void update(ParamGroup group, Tensor param, NDArray grad, ParamState s) {
        NDArray p = param.data();
        NDArray m = s.get("exp_avg"), v = s.get("exp_avg_sq");
        if (m == null) s.put("exp_avg", m = NDArray.zeros(p.dtype(), p.device(), p.shape()));
        if (v == null) s.put("exp_avg_sq", v = NDArray.zeros(p.dtype(), p.device(), p.shape()));
        p.backend().adamUpdate(p, grad, m, v, new AdamStep(group.get(ParamGroup.LR), group.get(ParamGroup.MOMENTUM), group.get(ParamGroup.BETA2),
                group.get(ParamGroup.EPS), group.get(ParamGroup.WEIGHT_DECAY), decoupled, s.step()));
    }
}
