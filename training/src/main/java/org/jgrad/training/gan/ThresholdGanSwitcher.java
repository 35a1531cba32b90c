package org.jgrad.training.gan;

/**
 * Loss-threshold switching (fastai's {@code AdaptiveGANSwitcher(gen_thresh, critic_thresh)}): the
 * critic trains until a batch's critic loss falls below {@code criticThreshold}, then the
 * generator trains until its loss falls below {@code generatorThreshold}, and so on; NaN for a
 * threshold means that phase lasts one batch. So the network that is losing keeps training until
 * it has caught up. Starts with the critic.
 */
public final class ThresholdGanSwitcher implements GanSwitcher {
    private final double generatorThreshold, criticThreshold;
    private GanPhase phase = GanPhase.CRITIC;

    public ThresholdGanSwitcher(double generatorThreshold, double criticThreshold) {
        if (Double.isInfinite(generatorThreshold) || Double.isInfinite(criticThreshold))
            throw new IllegalArgumentException("ThresholdGanSwitcher: thresholds must be finite or NaN (none), got generator " + generatorThreshold
                    + ", critic " + criticThreshold);
        this.generatorThreshold = generatorThreshold;
        this.criticThreshold = criticThreshold;
    }

    @Override
    public GanPhase phase() {
        return phase;
    }

    @Override
    public void afterBatch(GanPhase trained, double loss) {
        if (trained != phase) throw new IllegalStateException("ThresholdGanSwitcher: a " + trained + " batch ran in the " + phase + " phase");
        double threshold = phase == GanPhase.CRITIC ? criticThreshold : generatorThreshold;
        if (Double.isNaN(threshold) || loss < threshold) phase = phase.other();
    }

    @Override
    public String state() {
        return phase.toString();
    }

    @Override
    public void restore(String state) {
        try {
            phase = GanPhase.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ThresholdGanSwitcher: bad state '" + state + "'");
        }
    }

    @Override
    public String toString() {
        return "threshold (generator " + generatorThreshold + ", critic " + criticThreshold + ")";
    }
}
