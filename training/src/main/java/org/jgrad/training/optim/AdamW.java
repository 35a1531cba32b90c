package org.jgrad.training.optim;

import java.util.List;
import org.jgrad.autograd.Tensor;

/**
 * Adam with decoupled weight decay, as PyTorch's {@code torch.optim.AdamW}: before the Adam step
 * the parameter shrinks, {@code p ← p·(1 − η·λ)}, and the gradient is left alone (see {@link Adam}
 * for the whole algorithm). PyTorch's defaults: η = 1e-3, β = (0.9, 0.999), ε = 1e-8, λ = 0.01.
 * fastai's Adam is this with β₂ = 0.99 and ε = 1e-5: {@link Adam#fastai}.
 */
public final class AdamW extends Adam {
    public AdamW(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("AdamW", groups, lr, beta1, beta2, eps, weightDecay, true);
    }

    /** PyTorch's defaults (β = (0.9, 0.999), ε = 1e-8, λ = 0.01) over one group. */
    public static AdamW of(List<Tensor> params, double lr) {
        return new AdamW(List.of(ParamGroup.of(params)), lr, 0.9, 0.999, 1e-8, 0.01);
    }
}
