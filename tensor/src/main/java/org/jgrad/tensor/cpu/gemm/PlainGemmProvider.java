package org.jgrad.tensor.cpu.gemm;

/** GEMM without the Vector API: the blocked driver with {@link PlainFloatKernel} / {@link PlainDoubleKernel}. */
final class PlainGemmProvider extends GemmProvider {
    /** Blocking: kc×mc of A (64 KiB floats) sits in L2, a kc×16 B micro-panel (16 KiB) in L1. */
    private static final FloatGemm FLOATS = new FloatGemm(new PlainFloatKernel(), 256, 128, 4096);
    private static final DoubleGemm DOUBLES = new DoubleGemm(new PlainDoubleKernel(), 256, 64, 2048);

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

    @Override
    DoubleGemm doubles() {
        return DOUBLES;
    }
}
