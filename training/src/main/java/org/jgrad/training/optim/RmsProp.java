package org.jgrad.training.optim;

import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;

/**
 * RMSprop, as PyTorch's {@code torch.optim.RMSprop}.
 *
 * <p>For parameter p with gradient g, learning rate η, smoothing α, ε, weight decay λ and momentum
 * μ; v, a and b start at zero:
 * <pre>
 *   g ← g + λ·p                               (coupled L2)
 *   v ← α·v + (1 − α)·g²
 *   if centered:  a ← α·a + (1 − α)·g;   d ← √(v − a²) + ε
 *   else:                                 d ← √v + ε
 *   if μ &gt; 0:     b ← μ·b + g / d;       p ← p − η·b
 *   else:                                 p ← p − η·g / d
 * </pre>
 * Defaults (PyTorch's): η = 1e-2, α = 0.99, ε = 1e-8, λ = 0, μ = 0, not centered. ε is added
 * outside the square root, as PyTorch (fastai's RMSProp does the same).
 *
 * <p>Checked: η ≥ 0, α ∈ [0, 1], ε ≥ 0, λ ≥ 0, μ ≥ 0.
 */
public final class RmsProp extends Optimizer {
    private final boolean centered;

    public RmsProp(List<ParamGroup> groups, double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        super("RMSprop", groups, Map.of(ParamGroup.LR, lr, ParamGroup.ALPHA, alpha, ParamGroup.EPS, eps,
                ParamGroup.WEIGHT_DECAY, weightDecay, ParamGroup.MOMENTUM, momentum));
        this.centered = centered;
    }

    /** PyTorch's defaults over one group. */
    public static RmsProp of(List<Tensor> params, double lr) {
        return new RmsProp(List.of(ParamGroup.of(params)), lr, 0.99, 1e-8, 0, 0, false);
    }

    public boolean centered() { return centered; }

    @Override
    protected void validate(ParamGroup g, String where) {
        checkAtLeast("lr", g.get(ParamGroup.LR), 0, where);
        checkClosed("alpha", g.get(ParamGroup.ALPHA), 0, 1, where);
        checkAtLeast("eps", g.get(ParamGroup.EPS), 0, where);
        checkAtLeast("weight_decay", g.get(ParamGroup.WEIGHT_DECAY), 0, where);
        checkAtLeast("momentum", g.get(ParamGroup.MOMENTUM), 0, where);
    }

    @Override
    protected void update(ParamGroup group, Tensor param, NDArray grad, ParamState s) {
        double lr = group.get(ParamGroup.LR), alpha = group.get(ParamGroup.ALPHA), eps = group.get(ParamGroup.EPS);
        double wd = group.get(ParamGroup.WEIGHT_DECAY), mu = group.get(ParamGroup.MOMENTUM);
        NDArray p = param.data();
        NDArray g = wd != 0 ? grad.add(p.mul(wd)) : grad;
        NDArray v = s.get("square_avg");
        NDArray gsq = g.mul(g).mul(1 - alpha);
        v = v == null ? gsq : v.mul(alpha).add(gsq);
        s.put("square_avg", v);
        NDArray d;
        if (centered) {
            NDArray a = s.get("grad_avg");
            NDArray ga = g.mul(1 - alpha);
            a = a == null ? ga : a.mul(alpha).add(ga);
            s.put("grad_avg", a);
            d = v.sub(a.mul(a)).sqrt().add(eps);
        } else {
            d = v.sqrt().add(eps);
        }
        if (mu > 0) {
            NDArray b = s.get("momentum_buffer");
            NDArray step = g.div(d);
            b = b == null ? step : b.mul(mu).add(step);
            s.put("momentum_buffer", b);
            p.assign(p.sub(b.mul(lr)));
        } else {
            p.assign(p.sub(g.div(d).mul(lr)));
        }
    }
}
