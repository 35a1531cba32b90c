package org.jgrad.tensor;

/**
 * The element types of an {@link NDArray}.
 *
 * <p>Binary ops promote their operands along {@code bool < int32 < int64 < {float16, bfloat16} <
 * float32 < float64}, as PyTorch does for tensors of the same rank; float16 with bfloat16 gives
 * float32, the smallest type that holds both (float16's precision, bfloat16's range). The two half
 * types are stored in 16 bits (float16: IEEE 754 binary16, see {@link Half}; bfloat16: the top half
 * of a float32, see {@link BFloat16}) and computed in float32 or wider.
 */
public enum DType {
    BOOL("bool", 1, 0),
    INT32("int32", 4, 1),
    INT64("int64", 8, 2),
    FLOAT16("float16", 2, 3),
    BFLOAT16("bfloat16", 2, 3),
    FLOAT32("float32", 4, 4),
    FLOAT64("float64", 8, 5);

    /** Promotion rank of the floating types: the half types share the lowest. */
    private static final int FIRST_FLOATING_RANK = 3;

    private final String displayName;
    private final int byteSize;
    private final int rank;

    DType(String displayName, int byteSize, int rank) {
        this.displayName = displayName;
        this.byteSize = byteSize;
        this.rank = rank;
    }

    /** Bytes per element in storage. */
    public int byteSize() {
        return byteSize;
    }

    /** True for float16, bfloat16, float32 and float64. */
    public boolean isFloating() {
        return rank >= FIRST_FLOATING_RANK;
    }

    /** True for the 16-bit floating types, float16 and bfloat16, which the backends compute in float32. */
    public boolean isHalf() {
        return rank == FIRST_FLOATING_RANK;
    }

    /**
     * The dtype both operands of a binary op are converted to: the one of higher rank along
     * bool &lt; int32 &lt; int64 &lt; half types &lt; float32 &lt; float64, and float32 for float16 with bfloat16.
     */
    public static DType promote(DType a, DType b) {
        if (a.rank == b.rank && a != b) return FLOAT32; // float16 with bfloat16
        return a.rank >= b.rank ? a : b;
    }

    /** The dtype floating-point math on this dtype produces: itself if floating, else float32. */
    public DType toFloating() {
        return isFloating() ? this : FLOAT32;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
