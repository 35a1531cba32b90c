package org.jgrad.bench.harness;

import org.jgrad.bench.timing.Summary;
import org.jgrad.tensor.DType;

/**
 * The timing of one case by one engine on one device in one dtype: the summary of seconds per call
 * over the timed loops, or, when the case did not run, why ({@code na}). {@code samples} are the
 * timed loops' seconds per call in the order they ran (what {@link org.jgrad.bench.report.PairedRatio}
 * pairs loop by loop with another engine's; empty when not kept, e.g. read back from an old
 * {@code bench.json}); {@code accuracy} is the test accuracy after an {@link Case.Epoch} (NaN for
 * every other case).
 */
public record Result(String engine, String device, DType dtype, Case benchCase, Summary seconds, int loops, String na,
                     double[] samples, double accuracy) {

    public Result(String engine, String device, DType dtype, Case benchCase, Summary seconds, int loops, String na) {
        this(engine, device, dtype, benchCase, seconds, loops, na, new double[0], Double.NaN);
    }

    public static Result measured(Engine e, DType dtype, Case c, Summary seconds, int loops) {
        return new Result(e.name(), e.device(), dtype, c, seconds, loops, null);
    }

    /** A measured result that keeps its loops' {@code samples} (seconds per call, in the order timed) and an epoch's accuracy. */
    public static Result measured(String engine, String device, DType dtype, Case c, double[] samples, int loops, double accuracy) {
        return new Result(engine, device, dtype, c, Summary.of(samples), loops, null, samples.clone(), accuracy);
    }

    public static Result notAvailable(String engine, String device, DType dtype, Case c, String reason) {
        return new Result(engine, device, dtype, c, null, 0, reason);
    }

    public boolean ran() {
        return seconds != null;
    }

    /** Equal when every component is, the samples compared by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Result r && engine.equals(r.engine) && device.equals(r.device) && dtype == r.dtype && benchCase.equals(r.benchCase)
                && java.util.Objects.equals(seconds, r.seconds) && loops == r.loops && java.util.Objects.equals(na, r.na)
                && java.util.Arrays.equals(samples, r.samples) && Double.compare(accuracy, r.accuracy) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(engine, device, dtype, benchCase, seconds, loops, na, java.util.Arrays.hashCode(samples), accuracy);
    }

    /** The rate at the median time. */
    public double rate() {
        return ran() ? benchCase.rate(dtype, seconds.median()) : Double.NaN;
    }

    /** The rate at the slowest repeat (the low end of the spread). */
    public double rateAtMax() {
        return ran() ? benchCase.rate(dtype, seconds.max()) : Double.NaN;
    }

    /** The rate at the fastest repeat (the high end of the spread). */
    public double rateAtMin() {
        return ran() ? benchCase.rate(dtype, seconds.min()) : Double.NaN;
    }

    /** "engine@device", the column a result belongs to. */
    public String column() {
        return engine + "@" + device;
    }
}
