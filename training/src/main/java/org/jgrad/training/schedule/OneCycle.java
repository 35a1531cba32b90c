package org.jgrad.training.schedule;

import org.jgrad.training.optim.Lr;
import org.jgrad.training.optim.Optimizer;
import org.jgrad.training.optim.ParamGroup;

/**
 * The one-cycle policy of fastai's {@code fit_one_cycle}, over the whole run (updated every batch,
 * {@code pos = batches done / total batches}). With lr_max, div, div_final, pct_start and moms
 * (m₀, m₁, m₂), and cos(s, e) = {@link Schedule#cosine}:
 * <pre>
 *   lr(pos)  = cos(lr_max/div, lr_max)(pos/pct_start)                               pos &lt; pct_start
 *            = cos(lr_max, lr_max/div_final)((pos − pct_start)/(1 − pct_start))    otherwise
 *   mom(pos) = cos(m₀, m₁)(…) then cos(m₁, m₂)(…), same phases
 * </pre>
 * Defaults: div 25, div_final 1e5, pct_start 0.25, moms (0.95, 0.85, 0.95). Momentum is the
 * group's {@link ParamGroup#MOMENTUM}: SGD's and RMSprop's momentum, Adam's β₁.
 */
public final class OneCycle {
    private final double div, divFinal, pctStart, mom0, mom1, mom2;
    private final boolean scheduleMomentum;

    /** fastai's defaults. */
    public OneCycle() {
        this(25, 1e5, 0.25, 0.95, 0.85, 0.95);
    }

    public OneCycle(double div, double divFinal, double pctStart, double mom0, double mom1, double mom2) {
        this(div, divFinal, pctStart, mom0, mom1, mom2, true);
    }

    private OneCycle(double div, double divFinal, double pctStart, double mom0, double mom1, double mom2, boolean scheduleMomentum) {
        if (!(div > 0)) throw new IllegalArgumentException("OneCycle: div must be > 0, got " + div);
        if (!(divFinal > 0)) throw new IllegalArgumentException("OneCycle: divFinal must be > 0, got " + divFinal);
        if (!(pctStart >= 0 && pctStart <= 1)) throw new IllegalArgumentException("OneCycle: pctStart must be in [0, 1], got " + pctStart);
        this.div = div;
        this.divFinal = divFinal;
        this.pctStart = pctStart;
        this.mom0 = mom0;
        this.mom1 = mom1;
        this.mom2 = mom2;
        this.scheduleMomentum = scheduleMomentum;
    }

    /** fastai's defaults with another div and pct_start (as fine_tune uses). */
    public static OneCycle of(double div, double pctStart) {
        return new OneCycle(div, 1e5, pctStart, 0.95, 0.85, 0.95);
    }

    /** The same learning-rate schedule with momentum left alone. */
    public OneCycle withoutMomentum() {
        return new OneCycle(div, divFinal, pctStart, mom0, mom1, mom2, false);
    }

    public double div() { return div; }
    public double divFinal() { return divFinal; }
    public double pctStart() { return pctStart; }

    /** The learning rate for peak {@code lrMax}. */
    public Schedule lr(double lrMax) {
        return Schedule.combine(new double[] {pctStart, 1 - pctStart},
                Schedule.cosine(lrMax / div, lrMax), Schedule.cosine(lrMax, lrMax / divFinal));
    }

    /** The momentum: m₀ → m₁ during the warm-up, m₁ → m₂ after. */
    public Schedule momentum() {
        return Schedule.combine(new double[] {pctStart, 1 - pctStart},
                Schedule.cosine(mom0, mom1), Schedule.cosine(mom1, mom2));
    }

    /**
     * A scheduler for {@code optimizer} over {@code totalBatches}: learning rate peaking at
     * {@code lrMax} (one value for all, or one per layer group, e.g. {@code Lr.slice(1e-3).values(n)})
     * and momentum.
     */
    public Scheduler scheduler(Optimizer optimizer, long totalBatches, double... lrMax) {
        Schedule[] lrs = new Schedule[lrMax.length];
        for (int i = 0; i < lrMax.length; i++) lrs[i] = lr(lrMax[i]);
        Scheduler s = new Scheduler(optimizer, totalBatches).schedule(ParamGroup.LR, lrs);
        if (scheduleMomentum) s.schedule(ParamGroup.MOMENTUM, momentum());
        return s;
    }

    /** As {@link #scheduler(Optimizer, long, double...)} with peaks from {@code lrMax} over the optimizer's layer groups. */
    public Scheduler scheduler(Optimizer optimizer, long totalBatches, Lr lrMax) {
        return scheduler(optimizer, totalBatches, lrMax.values(optimizer.layerGroupCount()));
    }
}
