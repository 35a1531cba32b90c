package org.jgrad.tensor;

import java.util.Locale;

/**
 * Elementwise functions of two broadcast arguments. Arithmetic ops produce the promoted dtype of
 * their operands (see {@link DType#promote}); comparisons produce bool. Integer operands are
 * computed exactly in 64-bit integers, except {@link #DIV}, which is true division and gives
 * float32 for integer operands, as in PyTorch.
 */
public enum BinaryOp {
    /** a + b */
    ADD(Kind.ARITHMETIC) {
        public double apply(double a, double b) { return a + b; }
        public long applyLong(long a, long b) { return a + b; }
    },
    /** a - b */
    SUB(Kind.ARITHMETIC) {
        public double apply(double a, double b) { return a - b; }
        public long applyLong(long a, long b) { return a - b; }
    },
    /** a · b */
    MUL(Kind.ARITHMETIC) {
        public double apply(double a, double b) { return a * b; }
        public long applyLong(long a, long b) { return a * b; }
    },
    /** a / b (true division) */
    DIV(Kind.FLOATING) {
        public double apply(double a, double b) { return a / b; }
    },
    /** a^b; for integers by repeated squaring, negative exponents rejected. */
    POW(Kind.ARITHMETIC) {
        public double apply(double a, double b) { return Math.pow(a, b); }
        public long applyLong(long a, long b) {
            if (b < 0) throw new IllegalArgumentException("pow: integers to negative integer powers are not allowed (exponent " + b + ")");
            long result = 1, base = a;
            for (long e = b; e > 0; e >>= 1) {
                if ((e & 1) == 1) result *= base;
                base *= base;
            }
            return result;
        }
    },
    /** max(a, b); NaN if either is NaN. */
    MAXIMUM(Kind.ARITHMETIC) {
        public double apply(double a, double b) { return Math.max(a, b); }
        public long applyLong(long a, long b) { return Math.max(a, b); }
    },
    /** min(a, b); NaN if either is NaN. */
    MINIMUM(Kind.ARITHMETIC) {
        public double apply(double a, double b) { return Math.min(a, b); }
        public long applyLong(long a, long b) { return Math.min(a, b); }
    },
    /** a == b */
    EQ(Kind.COMPARISON) {
        public double apply(double a, double b) { return a == b ? 1 : 0; }
        public long applyLong(long a, long b) { return a == b ? 1 : 0; }
    },
    /** a != b (true when either is NaN) */
    NE(Kind.COMPARISON) {
        public double apply(double a, double b) { return a != b ? 1 : 0; }
        public long applyLong(long a, long b) { return a != b ? 1 : 0; }
    },
    /** a &lt; b */
    LT(Kind.COMPARISON) {
        public double apply(double a, double b) { return a < b ? 1 : 0; }
        public long applyLong(long a, long b) { return a < b ? 1 : 0; }
    },
    /** a &lt;= b */
    LE(Kind.COMPARISON) {
        public double apply(double a, double b) { return a <= b ? 1 : 0; }
        public long applyLong(long a, long b) { return a <= b ? 1 : 0; }
    },
    /** a &gt; b */
    GT(Kind.COMPARISON) {
        public double apply(double a, double b) { return a > b ? 1 : 0; }
        public long applyLong(long a, long b) { return a > b ? 1 : 0; }
    },
    /** a &gt;= b */
    GE(Kind.COMPARISON) {
        public double apply(double a, double b) { return a >= b ? 1 : 0; }
        public long applyLong(long a, long b) { return a >= b ? 1 : 0; }
    };

    /** How an op chooses its compute and result dtypes. */
    public enum Kind { ARITHMETIC, FLOATING, COMPARISON }

    private final Kind kind;

    BinaryOp(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The reference definition in double precision. */
    public abstract double apply(double a, double b);

    /** The exact integer form (all ops but {@link #DIV}). */
    public long applyLong(long a, long b) {
        throw new IllegalStateException(this + " has no integer form");
    }

    /** The dtype operands are converted to before the op is applied. */
    public DType computeType(DType a, DType b) {
        DType promoted = DType.promote(a, b);
        return kind == Kind.FLOATING ? promoted.toFloating() : promoted;
    }

    /** The dtype of the result. */
    public DType resultType(DType a, DType b) {
        return kind == Kind.COMPARISON ? DType.BOOL : computeType(a, b);
    }

    public String opName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
