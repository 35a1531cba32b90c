package org.jgrad.tensor;

/**
 * The reference optimizer updates, composed of array ops; {@link Backend}'s default
 * {@code adamUpdate}/{@code sgdUpdate} run them, and a device with fused kernels must agree with
 * them. Each op rounds to the parameter's dtype, exactly as the optimizers computed before fusing.
 */
final class OptimizerMath {
    private OptimizerMath() {}

    /**
     * <pre>
     *   g ← g + λp                    (Adam)        or   base ← p·(1 − ηλ)   (AdamW; else base = p)
     *   m ← β₁m + (1 − β₁)g
     *   v ← β₂v + (1 − β₂)g²
     *   p ← base − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
     * </pre>
     */
    static void adam(NDArray p, NDArray grad, NDArray m, NDArray v, AdamStep h) {
        NDArray g = grad, base = p;
        if (h.weightDecay() != 0) {
            if (h.decoupled()) base = p.mul(1 - h.lr() * h.weightDecay());
            else g = g.add(p.mul(h.weightDecay()));
        }
        m.assign(m.mul(h.beta1()).add(g.mul(1 - h.beta1())));
        v.assign(v.mul(h.beta2()).add(g.mul(g).mul(1 - h.beta2())));
        NDArray denom = v.sqrt().div(Math.sqrt(h.biasCorrection2())).add(h.eps());
        p.assign(base.sub(m.div(denom).mul(h.lr() / h.biasCorrection1())));
    }

    /**
     * <pre>
     *   d ← g + λp
     *   buf ← d (first step)   or   buf ← μ·buf + (1 − τ)·d;      d ← d + μ·buf (Nesterov)  or  d ← buf
     *   p ← p − η·d
     * </pre>
     * without the momentum lines when μ = 0 (then {@code buf} may be null).
     */
    static void sgd(NDArray p, NDArray grad, NDArray buf, SgdStep h) {
        NDArray d = h.weightDecay() != 0 ? grad.add(p.mul(h.weightDecay())) : grad;
        if (h.momentum() != 0) {
            buf.assign(h.firstStep() ? d : buf.mul(h.momentum()).add(d.mul(1 - h.dampening())));
            d = h.nesterov() ? d.add(buf.mul(h.momentum())) : buf;
        }
        p.assign(p.sub(d.mul(h.lr())));
    }
}
