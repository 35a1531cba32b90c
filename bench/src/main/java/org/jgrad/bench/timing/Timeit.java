package org.jgrad.bench.timing;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * IPython's {@code %timeit} for JShell: {@code Timeit.of(() -> a.matmul(b))} picks a loop count
 * (1, 2, 5, 10, … calls until one loop lasts at least 0.2 s; those tries warm the code up), times
 * 7 runs of that many calls and prints, for the time per call t of each run, mean ± population
 * standard deviation:
 * <pre>
 *   1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)
 * </pre>
 * Before each clock reading a synchronization runs: by default {@link DeviceSync#awaitResult}
 * on the last result (so {@code () -> a.matmul(b)} on a GPU array is timed to completion); set your
 * own with {@link #withSync}. Settings come as copies: {@code Timeit.repeats(3).withLoops(10).time(op)}.
 */
public final class Timeit {
    /** A loop is long enough for the automatic loop count once it lasts this long (IPython's 0.2 s). */
    static final double MIN_LOOP_SECONDS = 0.2;
    static final int DEFAULT_REPEATS = 7;
    private static final int MAX_LOOPS = 1 << 30;

    private final LongSupplier clock;
    private final Runnable sync;
    private final int repeats;
    private final int loops;
    private final PrintStream out;

    private Timeit(LongSupplier clock, Runnable sync, int repeats, int loops, PrintStream out) {
        this.clock = clock;
        this.sync = sync;
        this.repeats = repeats;
        this.loops = loops;
        this.out = out;
    }

    /** The defaults: the system clock, 7 runs, automatic loop count, printing to {@code System.out}. */
    public static Timeit defaults() {
        return new Timeit(System::nanoTime, null, DEFAULT_REPEATS, 0, System.out);
    }

    /** Times {@code op} with the defaults, prints the line and returns the result. */
    public static Result of(Supplier<?> op) {
        return defaults().time(op);
    }

    /** Times a statement with the defaults (no result to synchronize on: add {@link #withSync} for a device). */
    public static Result of(Runnable op) {
        return defaults().time(op);
    }

    /** {@link #defaults()} with {@code repeats} runs. */
    public static Timeit repeats(int repeats) {
        return defaults().withRepeats(repeats);
    }

    public Timeit withRepeats(int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("Timeit: repeats must be >= 1, got " + repeats);
        return new Timeit(clock, sync, repeats, loops, out);
    }

    /** A fixed number of calls per run (0: automatic). */
    public Timeit withLoops(int loops) {
        if (loops < 0) throw new IllegalArgumentException("Timeit: loops must be >= 0 (0 = automatic), got " + loops);
        return new Timeit(clock, sync, repeats, loops, out);
    }

    /** Runs {@code sync} after each loop, before the clock is read (e.g. a device's synchronize). */
    public Timeit withSync(Runnable sync) {
        return new Timeit(clock, sync, repeats, loops, out);
    }

    /** Reads time from {@code nanoClock} instead of {@link System#nanoTime()} (tests inject a fake one). */
    public Timeit withClock(LongSupplier nanoClock) {
        return new Timeit(nanoClock, sync, repeats, loops, out);
    }

    /** Prints to {@code out}; null prints nothing. */
    public Timeit printingTo(PrintStream out) {
        return new Timeit(clock, sync, repeats, loops, out);
    }

    /** Times {@code op}; unless {@link #withSync} was given, synchronizes on its last result. */
    public Result time(Supplier<?> op) {
        Object[] last = new Object[1];
        Runnable call = () -> last[0] = op.get();
        return time(call, sync != null ? sync : () -> DeviceSync.awaitResult(last[0]));
    }

    /** Times {@code op}, synchronizing with {@link #withSync}'s hook if one was given. */
    public Result time(Runnable op) {
        return time(op, sync != null ? sync : () -> {});
    }

    private Result time(Runnable op, Runnable syncNow) {
        LoopTimer timer = new LoopTimer(clock);
        int n = loops > 0 ? loops : timer.autoLoops(op, syncNow, MIN_LOOP_SECONDS, MAX_LOOPS);
        Summary s = Summary.of(timer.repeat(op, syncNow, n, repeats));
        Result result = new Result(s.mean(), s.std(), repeats, n);
        if (out != null) out.println(result);
        return result;
    }

    /** Mean and standard deviation of the time per call over {@code runs} runs of {@code loops} calls. */
    public record Result(double meanSeconds, double stdSeconds, int runs, int loops) {
        @Override
        public String toString() {
            return formatSeconds(meanSeconds) + " ± " + formatSeconds(stdSeconds) + " per loop (mean ± std. dev. of "
                    + runs + (runs == 1 ? " run, " : " runs, ") + loops + (loops == 1 ? " loop each)" : " loops each)");
        }
    }

    /**
     * A duration with three significant digits in the largest unit of s, ms, µs, ns that keeps the
     * number at least 1 (ns for anything shorter, and "0 ns" below a thousandth of one): 0.00123 →
     * "1.23 ms", 2.5e-8 → "25 ns", 0 → "0 ns".
     */
    public static String formatSeconds(double seconds) {
        String[] units = {"s", "ms", "µs", "ns"};
        int order = seconds >= 1 ? 0 : seconds > 0 ? (int) Math.min(3, Math.ceil(-Math.log10(seconds) / 3)) : 3;
        double scaled = seconds * Math.pow(1000, order);
        if (order > 0 && scaled >= 999.5) scaled = seconds * Math.pow(1000, --order); // 999.7 µs prints as 1 ms
        return significant(scaled) + " " + units[order];
    }

    /** {@code v} with three significant digits and no trailing zeros, as C's {@code %.3g} in fixed notation. */
    private static String significant(double v) {
        if (Math.abs(v) < 5e-4) return "0";
        int digitsBeforePoint = (int) Math.floor(Math.log10(Math.abs(v))) + 1;
        int decimals = Math.max(0, 3 - digitsBeforePoint);
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
