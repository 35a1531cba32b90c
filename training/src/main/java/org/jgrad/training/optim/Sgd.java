package org.jgrad.training.optim;

import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.SgdStep;

/**
 * Stochastic gradient descent with momentum, as PyTorch's {@code torch.optim.SGD}.
 *
 * <p>For parameter p with gradient g at step t, learning rate η, momentum μ, dampening τ and
 * weight decay λ:
 * <pre>
 *   g ← g + λ·p                              (coupled L2: the gradient of λ/2·‖p‖²)
 *   if μ ≠ 0:
 *       b ← g                    if t = 1     (the first step with momentum copies g)
 *       b ← μ·b + (1 − τ)·g      otherwise
 *       g ← g + μ·b              if nesterov
 *       g ← b                    otherwise
 *   p ← p − η·g
 * </pre>
 * Defaults: η = 1e-3 (fastai's default; PyTorch has none), μ = 0, τ = 0, λ = 0, nesterov off.
 *
 * <p>fastai's SGD momentum is undampened ({@code m = mom·m + g}), which is this with τ = 0 (the
 * default); PyTorch's τ is kept for completeness. Note fastai applies its weight decay decoupled
 * ({@code p ← p·(1 − η·λ)}); here it is the coupled L2 term, as in PyTorch. For plain SGD without
 * momentum the two are the same update.
 *
 * <p>Checked: η ≥ 0, μ ≥ 0, τ ∈ [0, 1], λ ≥ 0; nesterov needs μ &gt; 0 and τ = 0.
 */
public final class Sgd extends Optimizer {
    private final boolean nesterov;

    /** Groups' unset hyperparameters take these values. */
    public Sgd(List<ParamGroup> groups, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super("SGD", groups, Map.of(ParamGroup.LR, lr, ParamGroup.MOMENTUM, momentum, ParamGroup.DAMPENING, dampening,
                ParamGroup.WEIGHT_DECAY, weightDecay));
        this.nesterov = nesterov;
        for (ParamGroup g : groups) validateNesterov(g, "");
    }

    /** Plain SGD over one group. */
    public static Sgd of(List<Tensor> params, double lr) {
        return new Sgd(List.of(ParamGroup.of(params)), lr, 0, 0, 0, false);
    }

    /** SGD over one group. */
    public static Sgd of(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        return new Sgd(List.of(ParamGroup.of(params)), lr, momentum, dampening, weightDecay, nesterov);
    }

    public boolean nesterov() { return nesterov; }

    @Override
    protected void validate(ParamGroup g, String where) {
        checkAtLeast("lr", g.get(ParamGroup.LR), 0, where);
        checkAtLeast("momentum", g.get(ParamGroup.MOMENTUM), 0, where);
        checkClosed("dampening", g.get(ParamGroup.DAMPENING), 0, 1, where);
        checkAtLeast("weight_decay", g.get(ParamGroup.WEIGHT_DECAY), 0, where);
        validateNesterov(g, where);
    }

    private void validateNesterov(ParamGroup g, String where) {
        // called from the super constructor before the field is set: nesterov is then false
        if (nesterov && (!(g.get(ParamGroup.MOMENTUM) > 0) || g.get(ParamGroup.DAMPENING) != 0))
            throw new IllegalArgumentException("SGD: nesterov needs momentum > 0 and dampening = 0, got momentum "
                    + g.get(ParamGroup.MOMENTUM) + " and dampening " + g.get(ParamGroup.DAMPENING) + where);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, NDArray grad, ParamState s) {
        NDArray p = param.data();
        double mu = group.get(ParamGroup.MOMENTUM);
        NDArray buf = s.get("momentum_buffer");
        boolean first = buf == null;
        if (mu != 0 && first) s.put("momentum_buffer", buf = NDArray.zeros(p.dtype(), p.device(), p.shape()));
        p.backend().sgdUpdate(p, grad, mu != 0 ? buf : null, new SgdStep(group.get(ParamGroup.LR), mu, group.get(ParamGroup.DAMPENING),
                group.get(ParamGroup.WEIGHT_DECAY), nesterov, first));
    }
}
