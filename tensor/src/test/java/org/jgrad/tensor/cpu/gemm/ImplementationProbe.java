package org.jgrad.tensor.cpu.gemm;

/** Helper main for {@link GemmTest}: prints {@link Gemm#implementation()} and a small product. */
public final class ImplementationProbe {
    private ImplementationProbe() {}

    public static void main(String[] args) {
        float[] a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1}, c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false);
        System.out.println(Gemm.implementation());
        System.out.println(java.util.Arrays.toString(c));
    }
}
