package org.jgrad.training.data;

import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.HostStorage;

/** Wraps Java arrays as contiguous host NDArrays without copying them (the arrays must not change afterwards). */
final class HostArrays {
    private HostArrays() {}

    /** float32 of {@code shape}, row-major over {@code values}. */
    static NDArray f32(float[] values, int... shape) {
        return new NDArray(new HostStorage.F32(values), shape, strides(shape), 0);
    }

    /** int64 of {@code shape}, row-major over {@code values}. */
    static NDArray i64(long[] values, int... shape) {
        return new NDArray(new HostStorage.I64(values), shape, strides(shape), 0);
    }

    private static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        for (int d = shape.length - 1, s = 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }
}
