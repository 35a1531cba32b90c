package org.jgrad.tensor;

/**
 * The element types of an {@link NDArray}.
 *
 * <p>Binary ops promote their operands along {@code bool < int32 < int64 < float16 < float32 <
 * float64}, as PyTorch does for tensors of the same rank. float16 is stored in 16 bits
 * (IEEE 754 binary16) and computed in float32 or wider.
 */
public enum DType {
    BOOL("bool", 1, false),
    INT32("int32", 4, false),
    INT64("int64", 8, false),
    FLOAT16("float16", 2, true),
    FLOAT32("float32", 4, true),
    FLOAT64("float64", 8, true);

    private final String displayName;
    private final int byteSize;
    private final boolean floating;

    DType(String displayName, int byteSize, boolean floating) {
        this.displayName = displayName;
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element in storage. */
    public int byteSize() {
        return byteSize;
    }

    /** True for float16, float32 and float64. */
    public boolean isFloating() {
        return floating;
    }

    /** The dtype both operands of a binary op are converted to: the later one in declaration order. */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** The dtype floating-point math on this dtype produces: itself if floating, else float32. */
    public DType toFloating() {
        return floating ? this : FLOAT32;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
