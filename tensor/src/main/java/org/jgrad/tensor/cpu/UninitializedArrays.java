package org.jgrad.tensor.cpu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Primitive arrays the JVM does not zero, for outputs that a kernel overwrites in full.
 *
 * <p>{@code new float[n]} writes n zeros before the kernel writes n results. For the activations of
 * a small CNN that first pass is a large part of a training step, and it runs on the calling thread
 * alone while the other threads wait: at batch 512, model (b) of the bench spent 7% of its CPU
 * samples in that zeroing (profiled 2026-12-07, 2-core Xeon, float32). The JDK's own string code
 * avoids it through {@code jdk.internal.misc.Unsafe.allocateUninitializedArray}, which C2 compiles
 * to an allocation without the clearing loop. Only on its fast path, though: arrays of 1 MiB and
 * more (262,140 floats, 131,068 doubles) are allocated by the runtime, which zeroes them anyway
 * (measured on JDK 17: arrays of 260,000 floats came back holding old values, of 270,000 never). That class is reachable only when the JVM runs with
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} (the launcher and the tests pass
 * it); without the flag {@link #available()} is false and these methods return ordinary, zeroed
 * arrays, so nothing but speed depends on the flag.
 *
 * <p>The contents of an array from here are whatever the heap held: every caller writes each
 * element before anything reads it. The tests hold every op to that: with
 * {@code -Djgrad.poisonUninitialized=true} (set for every test run by the parent pom) each array
 * comes filled with NaN, flag or not, so an element an op leaves unwritten shows in its result.
 */
final class UninitializedArrays {
    /** {@code (Class<?> elementType, int length) -> Object}, bound to the internal Unsafe, or null. */
    private static final MethodHandle ALLOCATE = lookup();
    /** Whether arrays are filled with NaN (-Djgrad.poisonUninitialized=true, for the tests). */
    static final boolean POISON = Boolean.getBoolean("jgrad.poisonUninitialized");

    private UninitializedArrays() {}

    /** Whether arrays come unzeroed (the JVM exports jdk.internal.misc to this code). */
    static boolean available() {
        return ALLOCATE != null;
    }

    static float[] floats(int n) {
        float[] a = ALLOCATE == null ? new float[n] : (float[]) unzeroed(float.class, n);
        if (POISON) Arrays.fill(a, Float.NaN);
        return a;
    }

    static double[] doubles(int n) {
        double[] a = ALLOCATE == null ? new double[n] : (double[]) unzeroed(double.class, n);
        if (POISON) Arrays.fill(a, Double.NaN);
        return a;
    }

    /** An unzeroed array of n {@code type} elements (C2 compiles the call to an allocation without the clearing). */
    private static Object unzeroed(Class<?> type, int n) {
        try {
            return (Object) ALLOCATE.invokeExact(type, n);
        } catch (Throwable t) {
            throw new IllegalStateException("allocating " + n + " elements of " + type, t);
        }
    }

    private static MethodHandle lookup() {
        try {
            Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
            Object instance = unsafe.getMethod("getUnsafe").invoke(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafe, "allocateUninitializedArray", MethodType.methodType(Object.class, Class.class, int.class))
                    .bindTo(instance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;    // not exported (IllegalAccessException) or not there: zeroed arrays
        }
    }
}
