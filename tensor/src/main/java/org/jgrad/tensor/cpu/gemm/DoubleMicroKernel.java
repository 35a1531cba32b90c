package org.jgrad.tensor.cpu.gemm;

/** The float64 twin of {@link FloatMicroKernel}: same panel layout and contract, double values. */
interface DoubleMicroKernel {
    int mr();

    int nr();

    void compute(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc, boolean overwrite);
}
