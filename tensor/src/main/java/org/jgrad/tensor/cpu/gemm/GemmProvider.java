package org.jgrad.tensor.cpu.gemm;

import java.util.Optional;

/**
 * Chooses the GEMM implementation once, in the manner of Lucene's {@code VectorizationProvider}.
 *
 * <p>{@link VectorGemmProvider} is the only code that touches {@code jdk.incubator.vector}. It is
 * loaded by name, and only when the module is in the boot layer, so a JVM started without
 * {@code --add-modules jdk.incubator.vector} never resolves a Vector API class; any
 * {@link LinkageError} while loading it also falls back to {@link PlainGemmProvider}. The system
 * property {@code -Djgrad.simd=false} forces the plain path.
 */
abstract class GemmProvider {
    private static final String VECTOR_PROVIDER = "org.jgrad.tensor.cpu.gemm.VectorGemmProvider";

    /** Human-readable description, e.g. "Vector API, 16 float lanes". */
    abstract String description();

    abstract FloatGemm floats();

    /** The provider to use in this JVM. */
    static GemmProvider lookup() {
        if (!Boolean.parseBoolean(System.getProperty("jgrad.simd", "true"))) {
            return new PlainGemmProvider("plain Java (disabled by -Djgrad.simd=false)");
        }
        Optional<Module> vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (vectorModule.isEmpty()) {
            return new PlainGemmProvider("plain Java (jdk.incubator.vector not present)");
        }
        try {
            GemmProvider vector = (GemmProvider) Class.forName(VECTOR_PROVIDER)
                    .getDeclaredConstructor().newInstance();
            return vector;
        } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
            return new PlainGemmProvider("plain Java (Vector API unusable: " + e + ")");
        }
    }
}
