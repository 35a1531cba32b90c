package org.jgrad.bench.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrad.bench.timing.LoopTimer;
import org.jgrad.bench.timing.Summary;
import org.jgrad.bench.timing.Timeit;
import org.jgrad.tensor.DType;

/**
 * Runs every case of a {@link Plan} on every engine in every dtype and keeps going whatever happens:
 * a case an engine cannot run, or one that throws, becomes an "n/a" {@link Result} with the reason;
 * so does a case predicted to be too slow for the {@link Budget}. Each measured case is warmed up,
 * then timed over repeated loops (see {@link Budget}); one progress line per case goes to
 * {@code progress}.
 */
public final class Harness {
    /** Calls a warm-up round makes at least, unless they take five times its length (cold code runs slowly, and only calls compile it). */
    public static final int MIN_WARMUP_CALLS = 10;

    /** Priming runs each ladder's middle case for this many warm-up lengths (see {@link #prime}). */
    public static final int PRIME_WARMUPS = 3;

    /** Warm-up rounds beyond the first while calls keep getting faster. */
    static final int EXTRA_WARMUP_ROUNDS = 4;

    private final LoopTimer timer;
    private final PrintStream progress;

    public Harness(LoopTimer timer, PrintStream progress) {
        this.timer = timer;
        this.progress = progress;
    }

    /**
     * The fastest repeat already measured on a ladder, to predict the next case from (the fastest, because
     * on a busy machine the slower repeats measure the other processes as much as the case).
     */
    record Known(double work, double seconds) {}

    /**
     * Measures every case of {@code plan} on every engine in every dtype. Within a dtype the engines are
     * primed first, then they take turns case by case (case 1 on each engine, then case 2 on each, …),
     * so that a drift of the machine's speed during the run shows in every engine's figures alike and a
     * ratio between engines holds. Only one engine computes at a time: a {@link RemoteEngine}'s process
     * measures while this one waits for its answer, and idles while this one measures; before each turn
     * the process that just measured falls quiet ({@link Quiet#settle}: its JIT threads done).
     */
    public List<Result> run(Plan plan, List<? extends Engine> engines, List<DType> dtypes) {
        List<Result> results = new ArrayList<>();
        for (DType dtype : dtypes) {
            List<Map<String, Known>> ladders = new ArrayList<>();
            for (Engine engine : engines) {
                prime(engine, plan.cases(), dtype, plan.budget());
                ladders.add(new HashMap<>());
            }
            boolean handOver = engines.stream().anyMatch(e -> e instanceof RemoteEngine);
            for (Case c : plan.cases()) {
                for (int e = 0; e < engines.size(); e++) {
                    if (handOver) Quiet.settle(); // the other process idles while this one measures, and the other way round
                    Result r = measure(engines.get(e), c, dtype, plan.budget(), ladders.get(e));
                    results.add(r);
                    progress.println(line(r));
                }
            }
        }
        return results;
    }

    /**
     * Runs the middle case of every ladder for {@link #PRIME_WARMUPS} warm-up lengths, unmeasured, before
     * any case is timed. On the JVM an op runs its compiled fast path only after HotSpot's optimizing
     * compiler has seen it called often enough, and the Vector API is slow until then (each vector an
     * object); the smallest case of a ladder calls its kernels too rarely to get there within its own
     * warm-up, so the middle one, whose calls run the same kernels many times, does it for all.
     */
    void prime(Engine engine, List<Case> cases, DType dtype, Budget budget) {
        if (engine instanceof RemoteEngine remote) {
            try {
                remote.prime(cases, dtype, budget);
            } catch (RuntimeException e) {
                progress.println(engine.name() + ": priming failed (its cases will say why): " + e.getMessage());
            }
            return;
        }
        Map<String, List<Case>> ladders = new java.util.LinkedHashMap<>();
        for (Case c : cases) if (!(c instanceof Case.Epoch)) ladders.computeIfAbsent(c.ladder(), k -> new ArrayList<>()).add(c);
        for (List<Case> ladder : ladders.values()) {
            Case middle = ladder.get((ladder.size() - 1) / 2);
            try {
                Engine.Prepared p = engine.prepare(middle, dtype);
                try (AutoCloseable release = p.release()) {
                    double spent = 0;
                    while (spent < PRIME_WARMUPS * budget.warmupSeconds()) {
                        double call = timer.secondsPerCall(p.call(), p.sync(), 1);
                        spent += call;
                        if (call > budget.maxCallSeconds()) break;
                    }
                }
            } catch (Exception | OutOfMemoryError | LinkageError e) {
                // the case itself will say what is wrong when it is measured
            }
        }
    }

    Result measure(Engine engine, Case c, DType dtype, Budget budget, Map<String, Known> ladders) {
        if (engine instanceof RemoteEngine remote) {
            try {
                return remote.measure(c, dtype, budget);
            } catch (RuntimeException e) { // the process has gone: say so in every case it still had to run
                return Result.notAvailable(engine.name(), engine.device(), dtype, c, "failed: " + e.getMessage());
            }
        }
        if (c instanceof Case.Epoch) return epoch(engine, c, dtype, budget);
        Known before = ladders.get(c.ladder());
        if (before != null) {
            double predicted = before.seconds() * c.work(dtype) / before.work();
            if (predicted > 2 * budget.maxCallSeconds()) // twice: small cases on a busy machine predict badly
                return Result.notAvailable(engine.name(), engine.device(), dtype, c, String.format(Locale.ROOT,
                        "skipped: predicted %s per call from the previous size, over twice this run's limit of %s per call",
                        Timeit.formatSeconds(predicted), Timeit.formatSeconds(budget.maxCallSeconds())));
        }
        try {
            Engine.Prepared p = engine.prepare(c, dtype);
            try (AutoCloseable release = p.release()) {
                WarmUp w = warmUp(p, budget);
                double call = w.last();
                ladders.put(c.ladder(), new Known(c.work(dtype), call));
                if (call > budget.maxCallSeconds())
                    return Result.notAvailable(engine.name(), engine.device(), dtype, c, String.format(Locale.ROOT,
                            "skipped: a warm-up call after the first still took %s, above this run's limit of %s per call",
                            Timeit.formatSeconds(call), Timeit.formatSeconds(budget.maxCallSeconds())));
                // loops sized from the last round's median call, not its last one: one call held up by another
                // process would otherwise make every loop of a fast case a couple of calls long
                int loops = budget.loopsFor(w.typical());
                int repeats = budget.repeatsFor(loops * w.typical());
                double[] samples = timer.repeat(p.call(), p.sync(), loops, repeats);
                ladders.put(c.ladder(), new Known(c.work(dtype), Summary.of(samples).min()));
                return Result.measured(engine.name(), engine.device(), dtype, c, samples, loops, p.accuracy().getAsDouble());
            }
        } catch (UnsupportedOperationException e) {
            return Result.notAvailable(engine.name(), engine.device(), dtype, c, e.getMessage());
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            return Result.notAvailable(engine.name(), engine.device(), dtype, c, "failed: " + e);
        }
    }

    /**
     * An epoch case: {@link Budget#epochRepeats()} calls, each one epoch of a freshly built model, timed
     * one by one without a warm-up (the training steps measured before have compiled the code), then the
     * test accuracy of the last call's model, outside the clock.
     */
    private Result epoch(Engine engine, Case c, DType dtype, Budget budget) {
        try {
            Engine.Prepared p = engine.prepare(c, dtype);
            try (AutoCloseable release = p.release()) {
                double[] samples = timer.repeat(p.call(), p.sync(), 1, budget.epochRepeats());
                return Result.measured(engine.name(), engine.device(), dtype, c, samples, 1, p.accuracy().getAsDouble());
            }
        } catch (UnsupportedOperationException e) {
            return Result.notAvailable(engine.name(), engine.device(), dtype, c, e.getMessage());
        } catch (Exception | OutOfMemoryError | LinkageError e) {
            return Result.notAvailable(engine.name(), engine.device(), dtype, c, "failed: " + e);
        }
    }

    /**
     * Warms a case up: calls until {@code warmupSeconds} of calls have run and {@link #MIN_WARMUP_CALLS}
     * calls were made (or five times that time has passed), then more
     * rounds of the same length, up to {@link #EXTRA_WARMUP_ROUNDS}, as long as a round's fastest call
     * beats the fastest before it by more than a fifth (the JIT, compiling in the background, has
     * not finished: on a busy machine that can take seconds). Returns the last call's seconds and the
     * median call of the last round. A call
     * over the per-call limit ends the warm-up, but only from the second call on: the first call of a
     * new shape or model also pays for class loading and compilation.
     */
    private WarmUp warmUp(Engine.Prepared p, Budget budget) {
        double best = Double.POSITIVE_INFINITY, last = 0;
        List<Double> round = new ArrayList<>();
        for (int r = 0; r <= EXTRA_WARMUP_ROUNDS; r++) {
            double spent = 0, roundBest = Double.POSITIVE_INFINITY;
            round.clear();
            while (true) {
                last = timer.secondsPerCall(p.call(), p.sync(), 1);
                spent += last;
                round.add(last);
                roundBest = Math.min(roundBest, last);
                boolean tooSlow = last > budget.maxCallSeconds();
                if (tooSlow && (round.size() >= 2 || r > 0)) return new WarmUp(last, last);
                if (!tooSlow && spent >= budget.warmupSeconds() && (round.size() >= MIN_WARMUP_CALLS || spent >= 5 * budget.warmupSeconds())) break;
            }
            boolean improving = roundBest < 0.8 * best;
            best = Math.min(best, roundBest);
            if (r > 0 && !improving) break;
        }
        return new WarmUp(last, Summary.of(round.stream().mapToDouble(Double::doubleValue).toArray()).median());
    }

    /** The warm-up's last call (the one the per-call limit is checked on) and its last round's median call. */
    private record WarmUp(double last, double typical) {}

    static String line(Result r) {
        String head = String.format(Locale.ROOT, "%-7s %-6s %-8s %-28s", r.engine(), r.device(), r.dtype(), r.benchCase().label());
        if (!r.ran()) return head + " n/a: " + r.na();
        return head + String.format(Locale.ROOT, " %9s median [%s – %s], %d×%d calls, %s %s", Timeit.formatSeconds(r.seconds().median()),
                Timeit.formatSeconds(r.seconds().min()), Timeit.formatSeconds(r.seconds().max()), r.seconds().count(), r.loops(),
                Numbers.threeDigits(r.rate()), r.benchCase().unit())
                + (Double.isNaN(r.accuracy()) ? "" : String.format(Locale.ROOT, ", test accuracy %.2f%%", 100 * r.accuracy()));
    }
}
