package org.jgrad.tensor.cpu;

import java.util.function.Supplier;

/**
 * Picks between a plain Java implementation and a Vector API one, once, at class initialisation.
 * The Vector API implementation is loaded by name only when the module {@code jdk.incubator.vector}
 * is in the boot layer, so no Vector API class is touched where it is absent.
 */
public final class Simd {
    private Simd() {}

    /** Why the Vector API is not used, or null when it is. */
    public static String unavailableReason() {
        if (!Boolean.parseBoolean(System.getProperty("jgrad.simd", "true"))) return "disabled by -Djgrad.simd=false";
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty())
            return "jdk.incubator.vector is not present (start the JVM with --add-modules jdk.incubator.vector)";
        return null;
    }

    /** The Vector API implementation named by {@code vectorClass} if usable, else {@code plain}. */
    @SuppressWarnings("unchecked")
    static <T> T choose(Supplier<? extends T> plain, String vectorClass) {
        if (unavailableReason() != null) return plain.get();
        try {
            return (T) Class.forName(vectorClass).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return plain.get();
        }
    }
}
