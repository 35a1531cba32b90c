package org.jgrad.tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.jgrad.tensor.cpu.HostArrays;
import org.jgrad.tensor.cpu.HostStorage;

/** Conversion of nested Java arrays ({@code float[][]}, {@code long[]}, ...) to arrays. */
final class JavaArrays {
    private JavaArrays() {}

    static NDArray toNDArray(Object javaArray) {
        if (javaArray == null || !javaArray.getClass().isArray())
            throw new IllegalArgumentException("fromArray: expected a Java array, got " + (javaArray == null ? "null" : javaArray.getClass().getSimpleName()));
        List<Integer> dims = new ArrayList<>();
        Class<?> c = javaArray.getClass();
        Object probe = javaArray;
        while (c.isArray()) {
            int n = Array.getLength(probe);
            dims.add(n);
            c = c.getComponentType();
            if (c.isArray() && n > 0) probe = Array.get(probe, 0);
            else if (c.isArray()) { // empty outer array: the inner sizes are unknown, take 0
                while (c.isArray()) { dims.add(0); c = c.getComponentType(); }
            }
        }
        DType dtype = dtypeOf(c);
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        HostStorage storage = HostStorage.allocate(dtype, Shapes.numel(shape));
        fill(javaArray, shape, 0, storage, new int[] {0});
        return new NDArray(storage, shape, Shapes.contiguousStrides(shape), 0);
    }

    private static DType dtypeOf(Class<?> element) {
        if (element == float.class) return DType.FLOAT32;
        if (element == double.class) return DType.FLOAT64;
        if (element == int.class) return DType.INT32;
        if (element == long.class) return DType.INT64;
        if (element == boolean.class) return DType.BOOL;
        if (element == short.class) return DType.FLOAT16; // raw binary16 bit patterns
        throw new IllegalArgumentException("fromArray: element type " + element.getSimpleName()
                + " is not supported (float, double, int, long, boolean, or short as float16 bits)");
    }

    private static void fill(Object array, int[] shape, int depth, HostStorage out, int[] next) {
        int n = Array.getLength(array);
        if (n != shape[depth])
            throw new IllegalArgumentException("fromArray: ragged array: axis " + depth + " has length " + n + " here but " + shape[depth] + " elsewhere");
        if (depth < shape.length - 1) {
            for (int i = 0; i < n; i++) fill(Array.get(array, i), shape, depth + 1, out, next);
            return;
        }
        if (out instanceof HostStorage.Bool bools) {
            boolean[] b = (boolean[]) array;
            for (int i = 0; i < n; i++) bools.data[next[0] + i] = (byte) (b[i] ? 1 : 0);
        } else {
            System.arraycopy(array, 0, HostArrays.data(out), next[0], n);
        }
        next[0] += n;
    }
}
