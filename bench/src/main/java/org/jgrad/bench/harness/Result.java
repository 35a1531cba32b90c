package org.jgrad.bench.harness;

import org.jgrad.bench.timing.Summary;
import org.jgrad.tensor.DType;

/**
 * The timing of one case by one engine on one device in one dtype: the summary of seconds per call
 * over the timed loops, or, when the case did not run, why ({@code na}).
 */
public record Result(String engine, String device, DType dtype, Case benchCase, Summary seconds, int loops, String na) {

    public static Result measured(Engine e, DType dtype, Case c, Summary seconds, int loops) {
        return new Result(e.name(), e.device(), dtype, c, seconds, loops, null);
    }

    public static Result notAvailable(String engine, String device, DType dtype, Case c, String reason) {
        return new Result(engine, device, dtype, c, null, 0, reason);
    }

    public boolean ran() {
        return seconds != null;
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
