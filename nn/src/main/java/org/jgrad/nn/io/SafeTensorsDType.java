package org.jgrad.nn.io;

import java.nio.ByteBuffer;
import org.jgrad.tensor.DType;

/**
 * The dtype names a safetensors header uses, their element sizes, and how their little-endian
 * bytes become the Java array behind a jgrad array (and back, for the dtypes jgrad writes).
 *
 * <p>Reading maps each file dtype to the jgrad dtype that holds every one of its values exactly:
 * F32, F64, F16, BF16, I32, I64 and BOOL to themselves; U8, I8, I16 and U16 to int32; U32 to int64. U64
 * (values up to 2^64 - 1 do not fit int64), the 8-bit floats and the complex types have no exact
 * jgrad dtype and are rejected, as is any name the format does not define.
 */
enum SafeTensorsDType {
    BOOL(1, DType.BOOL),
    U8(1, DType.INT32),
    I8(1, DType.INT32),
    I16(2, DType.INT32),
    U16(2, DType.INT32),
    F16(2, DType.FLOAT16),
    BF16(2, DType.BFLOAT16),
    I32(4, DType.INT32),
    U32(4, DType.INT64),
    F32(4, DType.FLOAT32),
    I64(8, DType.INT64),
    F64(8, DType.FLOAT64),
    // Defined by the format, but with no jgrad dtype that holds them exactly.
    U64(8, null),
    F8_E4M3(1, null),
    F8_E5M2(1, null),
    C64(8, null);

    /** Bytes per element in the file. */
    final int size;
    /** The jgrad dtype read into, or null when this dtype cannot be read. */
    final DType target;

    SafeTensorsDType(int size, DType target) {
        this.size = size;
        this.target = target;
    }

    /** The file dtype named {@code name}, or null if the format has no such name known here. */
    static SafeTensorsDType byName(String name) {
        for (SafeTensorsDType d : values()) if (d.name().equals(name)) return d;
        return null;
    }

    /** The file dtype jgrad writes for {@code dtype}. */
    static SafeTensorsDType forWriting(DType dtype) {
        return switch (dtype) {
            case BOOL -> BOOL;
            case INT32 -> I32;
            case INT64 -> I64;
            case FLOAT16 -> F16;
            case BFLOAT16 -> BF16;
            case FLOAT32 -> F32;
            case FLOAT64 -> F64;
        };
    }

    /** A zero-filled Java array of {@code n} elements of {@link #target}'s storage type. */
    Object newTargetArray(int n) {
        return switch (target) {
            case BOOL -> new byte[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case FLOAT16, BFLOAT16 -> new short[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }

    /**
     * Decodes the {@code count} elements in {@code in} (little-endian, positioned at the first)
     * into {@code array[at .. at+count)}.
     */
    void decode(ByteBuffer in, Object array, int at, int count) {
        switch (this) {
            case F32 -> in.asFloatBuffer().get((float[]) array, at, count);
            case F64 -> in.asDoubleBuffer().get((double[]) array, at, count);
            case F16, BF16 -> in.asShortBuffer().get((short[]) array, at, count);
            case I32 -> in.asIntBuffer().get((int[]) array, at, count);
            case I64 -> in.asLongBuffer().get((long[]) array, at, count);
            case BOOL -> {
                // jgrad keeps bools as 0/1 bytes; any non-zero byte reads as true.
                byte[] a = (byte[]) array;
                for (int i = 0; i < count; i++) a[at + i] = (byte) (in.get() != 0 ? 1 : 0);
            }
            case U8 -> {
                int[] a = (int[]) array;
                for (int i = 0; i < count; i++) a[at + i] = in.get() & 0xff;
            }
            case I8 -> {
                int[] a = (int[]) array;
                for (int i = 0; i < count; i++) a[at + i] = in.get();
            }
            case I16 -> {
                int[] a = (int[]) array;
                for (int i = 0; i < count; i++) a[at + i] = in.getShort();
            }
            case U16 -> {
                int[] a = (int[]) array;
                for (int i = 0; i < count; i++) a[at + i] = in.getShort() & 0xffff;
            }
            case U32 -> {
                long[] a = (long[]) array;
                for (int i = 0; i < count; i++) a[at + i] = in.getInt() & 0xffffffffL;
            }
            default -> throw new IllegalStateException("no decoder for " + this);
        }
    }

    /**
     * Encodes {@code array[at .. at+count)} (the storage array of a jgrad array of this file
     * dtype's jgrad counterpart) into {@code out}, which must be little-endian with room for them.
     * Advances {@code out}'s position.
     */
    void encode(Object array, int at, int count, ByteBuffer out) {
        switch (this) {
            case F32 -> out.asFloatBuffer().put((float[]) array, at, count);
            case F64 -> out.asDoubleBuffer().put((double[]) array, at, count);
            case F16, BF16 -> out.asShortBuffer().put((short[]) array, at, count);
            case I32 -> out.asIntBuffer().put((int[]) array, at, count);
            case I64 -> out.asLongBuffer().put((long[]) array, at, count);
            case BOOL -> out.put((byte[]) array, at, count);
            default -> throw new IllegalStateException("jgrad does not write " + this);
        }
        if (this != BOOL) out.position(out.position() + count * size);
    }
}
