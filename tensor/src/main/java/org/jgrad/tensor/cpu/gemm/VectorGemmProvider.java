package org.jgrad.tensor.cpu.gemm;

/**
 * GEMM on the Vector API: the blocked driver with {@link VectorFloatKernel} (8 rows × 2 vectors).
 * Only loaded (reflectively, by {@link GemmProvider#lookup()}) when {@code jdk.incubator.vector} is present.
 *
 * <p>Blocking for float32 with 16 lanes (nr = 32): a kc×nr B micro-panel is 256×32×4 = 32 KiB and
 * stays in L1 while the kernel streams the A micro-panels of an mc×kc block (mc = 192, a multiple of
 * mr = 8; 192×256×4 = 192 KiB, in L2); the kc×nc B block (4 MiB) is shared by the
 * threads from L3. The blocking can be overridden with {@code -Djgrad.gemm.kc/mc/nc} for tuning.
 */
final class VectorGemmProvider extends GemmProvider {
    static final int KC = Integer.getInteger("jgrad.gemm.kc", 256);
    static final int MC = Integer.getInteger("jgrad.gemm.mc", 192);
    static final int NC = Integer.getInteger("jgrad.gemm.nc", 4096);

    private final FloatGemm floats = new FloatGemm(preferredFloatKernel(), KC, MC, NC);

    VectorGemmProvider() {
        if (VectorFloatKernel.L < 4) {
            throw new UnsupportedOperationException("preferred float vector has only " + VectorFloatKernel.L + " lanes");
        }
    }

    /**
     * 8×2 vectors. A 14×2 kernel (28 accumulators, for the 32 registers of AVX-512) measured faster
     * once compiled, but HotSpot's C1 could not compile it with profiling ("out of virtual
     * registers in linear scan"), so in workloads of many small GEMMs (convolutions of a small CNN)
     * it never reached C2 and ran the Vector API's Java fallback, 6× slower end to end. The 8×2
     * kernel compiles at every tier (checked with -XX:+PrintCompilation: tiers 2, 3 and 4), as the
     * earlier 6×2 one did; on this machine it took sgemm 1024 from 100 to 133 GFLOP/s on one thread.
     */
    static FloatMicroKernel preferredFloatKernel() {
        return new VectorFloatKernel();
    }

    @Override
    String description() {
        return "Vector API, " + VectorFloatKernel.L + " float lanes";
    }

    @Override
    FloatGemm floats() {
        return floats;
    }

}
