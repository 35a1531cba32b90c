package org.jgrad.tensor;

import java.util.Locale;

/**
 * Elementwise functions of two broadcast arguments. Arithmetic ops produce the promoted dtype of
 * their operands (see {@link DType#promote}); comparisons produce bool. Integer operands are
 * computed exactly in 64-bit integers, except {@link #DIV}, which is true division and gives
 * float32 for integer operands, as in PyTorch.
 *
 * <p>Special values follow PyTorch on every backend and every floating dtype (float16 and
 * bfloat16 included, which compute in float32 and round once): {@link #POW} is C's {@code pow}
 * (C99 Annex F, which {@code torch.pow} and CUDA's {@code pow} follow), and {@link #MAXIMUM} /
 * {@link #MINIMUM} are IEEE 754-2019 {@code maximum} / {@code minimum}. The CUDA kernels
 * ({@code elementwise.cu} and the reductions' max/min in {@code reduce.cu}) implement these same
 * definitions; the conformance suite checks them on fixed special values.
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
    /**
     * a^b, for floating dtypes as C's {@code pow} (and {@code torch.pow}) defines it, which is
     * {@link Math#pow} except where the two differ:
     * <ul>
     *   <li>pow(+1, b) = 1 for every b, NaN and ±∞ included (Java: NaN for b NaN or ±∞);</li>
     *   <li>pow(−1, ±∞) = 1 (Java: NaN).</li>
     * </ul>
     * The other special cases are the same on both: pow(a, ±0) = 1 for every a, NaN included;
     * otherwise NaN if a or b is NaN; pow(±0, b) = ±∞ for b a negative odd integer, +∞ for other
     * b &lt; 0, ±0 for b a positive odd integer, +0 for other b &gt; 0; pow(a, −∞) = +∞ for |a| &lt; 1
     * and +0 for |a| &gt; 1, pow(a, +∞) the reverse; pow(−∞, b) = pow(−0, −b); pow(+∞, b) = +∞ for
     * b &gt; 0 and +0 for b &lt; 0; NaN for a finite a &lt; 0 and a finite non-integer b.
     * For integers by repeated squaring, negative exponents rejected.
     */
    POW(Kind.ARITHMETIC) {
        public double apply(double a, double b) { return a == 1 || (a == -1 && Double.isInfinite(b)) ? 1 : Math.pow(a, b); }
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
    /**
     * max(a, b) as IEEE 754-2019 {@code maximum} (and {@link Math#max}): NaN if either is NaN, and
     * −0 counts as less than +0, so max(−0, +0) = max(+0, −0) = +0. PyTorch documents only the NaN
     * rule for {@code torch.maximum}; for the sign of zero jgrad takes IEEE 754-2019's.
     */
    MAXIMUM(Kind.ARITHMETIC) {
        public double apply(double a, double b) { return Math.max(a, b); }
        public long applyLong(long a, long b) { return Math.max(a, b); }
    },
    /** min(a, b) as IEEE 754-2019 {@code minimum} (and {@link Math#min}): NaN if either is NaN; min(−0, +0) = min(+0, −0) = −0. */
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
