package org.jgrad.tensor;

import java.util.Locale;

/** Reductions over a set of axes. The mean, variance and logsumexp are built from these. */
public enum ReduceOp {
    /** Σ x, starting from 0; accumulated in double (float types) or long (integer types). */
    SUM,
    /** max x; NaN if any element is NaN, +0 over −0 (as {@link BinaryOp#MAXIMUM}); an empty reduction is an error. */
    MAX,
    /** min x; NaN if any element is NaN, −0 over +0 (as {@link BinaryOp#MINIMUM}); an empty reduction is an error. */
    MIN;

    public String opName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
