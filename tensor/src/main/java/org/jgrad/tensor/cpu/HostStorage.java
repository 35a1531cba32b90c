package org.jgrad.tensor.cpu;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.Storage;

/**
 * Storage in a Java array on the host, one subclass per dtype. Every subclass reads and writes its
 * elements as {@code double} (exact for all but int64 beyond 2^53) and as {@code long} (exact for
 * the integer dtypes), which is what the generic loops of the CPU backend use; fast paths reach the
 * typed array directly.
 */
public abstract sealed class HostStorage extends Storage {
    private final int size;

    HostStorage(int size) {
        this.size = size;
    }

    /** A zero-filled storage. */
    public static HostStorage allocate(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new F32(new float[size]);
            case FLOAT64 -> new F64(new double[size]);
            case FLOAT16 -> new F16(new short[size]);
            case BFLOAT16 -> new BF16(new short[size]);
            case INT32 -> new I32(new int[size]);
            case INT64 -> new I64(new long[size]);
            case BOOL -> new Bool(new byte[size]);
        };
    }

    /**
     * A storage whose float32 and float64 values are unspecified ({@link UninitializedArrays}); the
     * other dtypes come zeroed. For outputs the caller overwrites in full.
     */
    public static HostStorage allocateUninitialized(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new F32(UninitializedArrays.floats(size));
            case FLOAT64 -> new F64(UninitializedArrays.doubles(size));
            default -> allocate(dtype, size);
        };
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final Device device() {
        return Device.CPU;
    }

    public abstract double getDouble(int i);

    public abstract void setDouble(int i, double v);

    public abstract long getLong(int i);

    public abstract void setLong(int i, long v);

    /** float32 storage. */
    public static final class F32 extends HostStorage {
        public final float[] data;

        public F32(float[] data) {
            super(data.length);
            this.data = data;
        }

        @Override public DType dtype() { return DType.FLOAT32; }
        @Override public double getDouble(int i) { return data[i]; }
        @Override public void setDouble(int i, double v) { data[i] = (float) v; }
        @Override public long getLong(int i) { return (long) data[i]; }
        @Override public void setLong(int i, long v) { data[i] = v; }
    }

    /** float64 storage. */
    public static final class F64 extends HostStorage {
        public final double[] data;

        public F64(double[] data) {
            super(data.length);
            this.data = data;
        }

        @Override public DType dtype() { return DType.FLOAT64; }
        @Override public double getDouble(int i) { return data[i]; }
        @Override public void setDouble(int i, double v) { data[i] = v; }
        @Override public long getLong(int i) { return (long) data[i]; }
        @Override public void setLong(int i, long v) { data[i] = v; }
    }

    /**
     * Storage of a half type: raw 16-bit patterns in a {@code short[]}, read exactly through its
     * {@link HalfFormat} and written rounded once (through {@link #toFloatRoundToOdd}).
     */
    public abstract static sealed class Bits16 extends HostStorage {
        public final short[] data;
        private final HalfFormat format;

        Bits16(short[] data, HalfFormat format) {
            super(data.length);
            this.data = data;
            this.format = format;
        }

        @Override public final double getDouble(int i) { return format.toFloat(data[i]); }
        @Override public final void setDouble(int i, double v) { data[i] = format.fromFloat(toFloatRoundToOdd(v)); }
        @Override public final long getLong(int i) { return (long) format.toFloat(data[i]); }
        @Override public final void setLong(int i, long v) { data[i] = format.fromFloat(toFloatRoundToOdd(v)); }
    }

    /** float16 storage: IEEE 754 binary16 bit patterns. */
    public static final class F16 extends Bits16 {
        public F16(short[] data) {
            super(data, HalfFormat.BINARY16);
        }

        @Override public DType dtype() { return DType.FLOAT16; }
    }

    /** bfloat16 storage: the top 16 bits of float32 bit patterns. */
    public static final class BF16 extends Bits16 {
        public BF16(short[] data) {
            super(data, HalfFormat.BFLOAT16);
        }

        @Override public DType dtype() { return DType.BFLOAT16; }
    }

    /**
     * v as a float rounded to odd (an inexact result gets an odd last bit), so that rounding that
     * float to a half type (11 or 8 significant bits, at most 22 of float's 24) gives the correctly
     * rounded half of v: no double rounding through float32.
     */
    static float toFloatRoundToOdd(double v) {
        float f = (float) v;
        if (f == v || Float.isInfinite(f) || Float.isNaN(f) || (Float.floatToRawIntBits(f) & 1) == 1) return f;
        return Math.nextAfter(f, v);
    }

    /** int32 storage. */
    public static final class I32 extends HostStorage {
        public final int[] data;

        public I32(int[] data) {
            super(data.length);
            this.data = data;
        }

        @Override public DType dtype() { return DType.INT32; }
        @Override public double getDouble(int i) { return data[i]; }
        @Override public void setDouble(int i, double v) { data[i] = (int) v; }
        @Override public long getLong(int i) { return data[i]; }
        @Override public void setLong(int i, long v) { data[i] = (int) v; }
    }

    /** int64 storage. */
    public static final class I64 extends HostStorage {
        public final long[] data;

        public I64(long[] data) {
            super(data.length);
            this.data = data;
        }

        @Override public DType dtype() { return DType.INT64; }
        @Override public double getDouble(int i) { return data[i]; }
        @Override public void setDouble(int i, double v) { data[i] = (long) v; }
        @Override public long getLong(int i) { return data[i]; }
        @Override public void setLong(int i, long v) { data[i] = v; }
    }

    /** bool storage: one byte per element, 0 or 1. */
    public static final class Bool extends HostStorage {
        public final byte[] data;

        public Bool(byte[] data) {
            super(data.length);
            this.data = data;
        }

        @Override public DType dtype() { return DType.BOOL; }
        @Override public double getDouble(int i) { return data[i]; }
        @Override public void setDouble(int i, double v) { data[i] = (byte) (v != 0 ? 1 : 0); }
        @Override public long getLong(int i) { return data[i]; }
        @Override public void setLong(int i, long v) { data[i] = (byte) (v != 0 ? 1 : 0); }
    }
}
