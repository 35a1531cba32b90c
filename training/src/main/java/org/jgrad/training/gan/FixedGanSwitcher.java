package org.jgrad.training.gan;

/**
 * Fixed alternation: {@code nCritic} critic batches, then {@code nGenerator} generator batches, and
 * again (fastai's {@code FixedGANSwitcher(n_crit, n_gen)}; WGAN-GP trains 5 critic batches per
 * generator batch). Starts with the critic.
 */
public final class FixedGanSwitcher implements GanSwitcher {
    private final int nCritic, nGenerator;
    private GanPhase phase = GanPhase.CRITIC;
    private int doneInPhase;

    public FixedGanSwitcher(int nCritic, int nGenerator) {
        if (nCritic < 1) throw new IllegalArgumentException("FixedGanSwitcher: nCritic must be >= 1, got " + nCritic);
        if (nGenerator < 1) throw new IllegalArgumentException("FixedGanSwitcher: nGenerator must be >= 1, got " + nGenerator);
        this.nCritic = nCritic;
        this.nGenerator = nGenerator;
    }

    @Override
    public GanPhase phase() {
        return phase;
    }

    @Override
    public void afterBatch(GanPhase trained, double loss) {
        if (trained != phase) throw new IllegalStateException("FixedGanSwitcher: a " + trained + " batch ran in the " + phase + " phase");
        if (++doneInPhase >= (phase == GanPhase.CRITIC ? nCritic : nGenerator)) {
            phase = phase.other();
            doneInPhase = 0;
        }
    }

    @Override
    public String state() {
        return phase + " " + doneInPhase;
    }

    @Override
    public void restore(String state) {
        String[] parts = state.split(" ");
        try {
            GanPhase p = GanPhase.valueOf(parts[0]);
            int done = Integer.parseInt(parts[1]);
            if (parts.length != 2 || done < 0 || done >= (p == GanPhase.CRITIC ? nCritic : nGenerator)) throw new IllegalArgumentException();
            phase = p;
            doneInPhase = done;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("FixedGanSwitcher(" + nCritic + ", " + nGenerator + "): bad state '" + state + "'");
        }
    }

    @Override
    public String toString() {
        return "fixed " + nCritic + ":" + nGenerator;
    }
}
