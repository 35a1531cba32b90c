package org.jgrad.tensor.cpu.gemm;

/** The float64 twin of {@link PlainFloatKernel}: a 4×8 tile of row updates in plain Java. */
final class PlainDoubleKernel implements DoubleMicroKernel {
    static final int MR = 4;
    static final int NR = 8;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void compute(int kc, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc, boolean overwrite) {
        double[] acc = new double[MR * NR];
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR, ai = aOff + p * MR;
            for (int i = 0; i < MR; i++) {
                double av = a[ai + i];
                int ci = i * NR;
                for (int j = 0; j < NR; j++) acc[ci + j] += av * b[bi + j];
            }
        }
        for (int i = 0; i < MR; i++) {
            int d = cOff + i * ldc, ci = i * NR;
            if (overwrite) {
                System.arraycopy(acc, ci, c, d, NR);
            } else {
                for (int j = 0; j < NR; j++) c[d + j] += acc[ci + j];
            }
        }
    }
}
