package org.jgrad.tensor;

/**
 * Elementwise functions of one argument, each with its defining formula. The double form is the
 * reference every backend is tested against; integer dtypes use the long form where an op has one
 * and are otherwise computed in float32 (as PyTorch promotes {@code exp} of an int tensor).
 */
public enum UnaryOp {
    /** -x */
    NEG(true) {
        public double apply(double x) { return -x; }
        public long applyLong(long x) { return -x; }
    },
    /** |x| */
    ABS(true) {
        public double apply(double x) { return Math.abs(x); }
        public long applyLong(long x) { return Math.abs(x); }
    },
    /** e^x */
    EXP(false) { public double apply(double x) { return Math.exp(x); } },
    /** ln x (NaN for x &lt; 0, -inf at 0) */
    LOG(false) { public double apply(double x) { return Math.log(x); } },
    /** √x */
    SQRT(false) { public double apply(double x) { return Math.sqrt(x); } },
    /** 1/√x */
    RSQRT(false) { public double apply(double x) { return 1.0 / Math.sqrt(x); } },
    /** sin x */
    SIN(false) { public double apply(double x) { return Math.sin(x); } },
    /** cos x */
    COS(false) { public double apply(double x) { return Math.cos(x); } },
    /** tanh x */
    TANH(false) { public double apply(double x) { return Math.tanh(x); } },
    /** σ(x) = 1 / (1 + e^-x), evaluated without overflow for large |x|. */
    SIGMOID(false) {
        public double apply(double x) {
            if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
    },
    /** max(x, 0); NaN stays NaN. */
    RELU(true) {
        public double apply(double x) { return x > 0 || Double.isNaN(x) ? x : 0.0; }
        public long applyLong(long x) { return Math.max(x, 0); }
    },
    /** GELU, exact form: x · Φ(x) = ½ x (1 + erf(x / √2)). */
    GELU(false) { public double apply(double x) { return 0.5 * x * (1.0 + SpecialFunctions.erf(x / Math.sqrt(2.0))); } },
    /** SiLU (swish): x · σ(x). */
    SILU(false) { public double apply(double x) { return x * SIGMOID.apply(x); } },
    /** sign(x) ∈ {-1, 0, 1}; NaN stays NaN. */
    SIGN(true) {
        public double apply(double x) { return Math.signum(x); }
        public long applyLong(long x) { return Long.signum(x); }
    },
    /** 1/x */
    RECIPROCAL(false) { public double apply(double x) { return 1.0 / x; } };

    private final boolean integerCapable;

    UnaryOp(boolean integerCapable) {
        this.integerCapable = integerCapable;
    }

    /** The op in double precision: the reference definition. */
    public abstract double apply(double x);

    /** The op on integers; only for ops where {@link #keepsIntegers()} is true. */
    public long applyLong(long x) {
        throw new IllegalStateException(this + " has no integer form");
    }

    /** True when an integer input gives an integer result of the same dtype. */
    public boolean keepsIntegers() {
        return integerCapable;
    }

    /** Lower-case name as used in error messages and kernel names. */
    public String opName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
