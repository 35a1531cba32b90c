package org.jgrad.bench.timing;

import java.util.function.LongSupplier;

/**
 * Times loops of calls against a nanosecond clock: {@code loops} calls of an operation, then the
 * device synchronization, then the clock is read again, so work still queued on an asynchronous
 * device (a GPU stream) is inside the interval. The clock is injected so the statistics built on
 * top can be tested without real time passing.
 */
public final class LoopTimer {
    private final LongSupplier nanoClock;

    public LoopTimer(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    public static LoopTimer system() {
        return new LoopTimer(System::nanoTime);
    }

    /** Seconds per call of {@code op}, from one timed loop of {@code loops} calls followed by {@code sync}. */
    public double secondsPerCall(Runnable op, Runnable sync, int loops) {
        if (loops < 1) throw new IllegalArgumentException("LoopTimer: loops must be >= 1, got " + loops);
        long start = nanoClock.getAsLong();
        for (int i = 0; i < loops; i++) op.run();
        sync.run();
        return (nanoClock.getAsLong() - start) / 1e9 / loops;
    }

    /** Seconds per call of {@code repeats} timed loops of {@code loops} calls each. */
    public double[] repeat(Runnable op, Runnable sync, int loops, int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("LoopTimer: repeats must be >= 1, got " + repeats);
        double[] out = new double[repeats];
        for (int r = 0; r < repeats; r++) out[r] = secondsPerCall(op, sync, loops);
        return out;
    }

    /**
     * The loop count for which one timed loop lasts at least {@code minSeconds}, as IPython's
     * {@code %timeit} chooses it: try 1, 2, 5, 10, 20, 50, … calls (each try is itself a timed loop,
     * so the smaller ones warm the code up) and stop at the first that is long enough, or at
     * {@code maxLoops}.
     */
    public int autoLoops(Runnable op, Runnable sync, double minSeconds, int maxLoops) {
        int[] steps = {1, 2, 5};
        for (long scale = 1; ; scale *= 10) {
            for (int step : steps) {
                long loops = step * scale;
                if (loops >= maxLoops) return maxLoops;
                if (secondsPerCall(op, sync, (int) loops) * loops >= minSeconds) return (int) loops;
            }
        }
    }
}
