package org.jgrad.tensor.cpu.gemm;

/** GEMM without the Vector API: the blocked driver with {@link PlainFloatKernel}. */
final class PlainGemmProvider extends GemmProvider {
    /** Blocking: the mc×kc block of A (128×256 floats, 128 KiB) sits in L2, a kc×4 B micro-panel (4 KiB) in L1. */
    private static final FloatGemm FLOATS = new FloatGemm(new PlainFloatKernel(), 256, 128, 4096);

    private final String description;

    PlainGemmProvider(String description) {
        this.description = description;
    }

    PlainGemmProvider() {
        this("plain Java");
    }

    @Override
    String description() {
        return description;
    }

    @Override
    FloatGemm floats() {
        return FLOATS;
    }
}
