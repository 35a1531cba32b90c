package org.jgrad.tensor;

/**
 * The scalars of one Adam or AdamW step of one parameter (see {@link Backend#adamUpdate}).
 *
 * @param lr          learning rate η
 * @param beta1       first-moment decay β₁
 * @param beta2       second-moment decay β₂
 * @param eps         ε added to the denominator
 * @param weightDecay λ
 * @param decoupled   AdamW's decoupled decay ({@code p ← p·(1 − ηλ)}) instead of Adam's L2 term ({@code g ← g + λp})
 * @param step        t, counted from 1, for the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled, long step) {
    /** 1 − β₁ᵗ */
    public double biasCorrection1() {
        return 1 - Math.pow(beta1, step);
    }

    /** 1 − β₂ᵗ */
    public double biasCorrection2() {
        return 1 - Math.pow(beta2, step);
    }
}
