package org.jgrad.bench.harness;

/**
 * How long one case may take. A case first warms up (calls until {@code warmupSeconds} have passed,
 * at least one), then runs {@code repeats} timed loops of as many calls as make a loop last
 * {@code minLoopSeconds}; when a call is slow, fewer repeats (never under {@link #MIN_REPEATS}) keep
 * the case within {@code caseSeconds}. A case whose call is predicted (from the previous case on its
 * {@link Case#ladder() ladder}, scaled by work) to take over twice {@code maxCallSeconds} is not run
 * and reads "n/a" with the prediction; so does one whose second warm-up call still takes longer.
 */
public record Budget(double warmupSeconds, double minLoopSeconds, int repeats, double caseSeconds, double maxCallSeconds,
                     int epochRepeats) {
    static final int MIN_REPEATS = 3;

    /**
     * An {@link Case.Epoch} is not warmed up (the training steps before it have compiled its code) and
     * runs {@code epochRepeats} times, each call one epoch of a freshly built model, timed on its own;
     * this constructor gives one.
     */
    public Budget(double warmupSeconds, double minLoopSeconds, int repeats, double caseSeconds, double maxCallSeconds) {
        this(warmupSeconds, minLoopSeconds, repeats, caseSeconds, maxCallSeconds, 1);
    }

    /** This budget with {@code n} epochs per epoch case. */
    public Budget withEpochRepeats(int n) {
        if (n < 1) throw new IllegalArgumentException("Budget: epochRepeats must be >= 1, got " + n);
        return new Budget(warmupSeconds, minLoopSeconds, repeats, caseSeconds, maxCallSeconds, n);
    }

    public static final Budget FULL = new Budget(1.0, 0.1, 10, 60, 60);
    public static final Budget QUICK = new Budget(0.2, 0.05, 7, 2.0, 1.5);
    public static final Budget TINY = new Budget(0.0, 0.0, 3, 0.5, 5);

    /** Repeats for loops of {@code loopSeconds}: {@link #repeats} if they fit in the case budget, else fewer, at least {@link #MIN_REPEATS}. */
    int repeatsFor(double loopSeconds) {
        if (loopSeconds <= 0) return repeats;
        int fit = (int) Math.floor(caseSeconds / loopSeconds);
        return Math.max(Math.min(MIN_REPEATS, repeats), Math.min(repeats, fit));
    }

    /** Calls per timed loop when one call takes {@code callSeconds}: enough for {@link #minLoopSeconds}, at least one. */
    int loopsFor(double callSeconds) {
        if (callSeconds <= 0) return 1000;
        return (int) Math.max(1, Math.min(1_000_000, Math.ceil(minLoopSeconds / callSeconds)));
    }
}
