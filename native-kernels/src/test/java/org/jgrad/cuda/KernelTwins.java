package org.jgrad.cuda;

/**
 * Plain-Java twins of the kernels of {@code matmul.cu} and {@code conv.cu} on double arrays: the
 * same index arithmetic, one loop iteration per kernel thread, so the host-side layouts
 * ({@link GemmOperand}, {@link Im2colConvolution}, {@link SlidingWindow}) can be checked against
 * the CPU backend without a GPU. They do not test the CUDA code itself; the GPU conformance run does.
 */
class KernelTwins implements ConvolutionSteps<double[]> {
    int gemmLaunches;

    @Override
    public double[] scratch(int elements) {
        double[] junk = new double[elements];
        java.util.Arrays.fill(junk, Double.NaN); // poisoned: every entry must be written before it is read
        return junk;
    }

    @Override
    public void release(double[] buffer) {}

    /** conv2d_im2col: thread e = ((q·kH + i)·kW + j)·L + oh·outW + ow. */
    @Override
    public void im2col(double[] x, int xOffset, double[] col, int[] window, int planes) {
        Window w = new Window(window);
        int outPlane = w.outH * w.outW;
        for (int e = 0; e < planes * w.kH * w.kW * outPlane; e++) {
            int ow = e % w.outW, oh = e / w.outW % w.outH, j = e / outPlane % w.kW, i = e / outPlane / w.kW % w.kH;
            int q = e / outPlane / w.kW / w.kH;
            int ih = inputRead(oh, i, w.strideH, w.padH, w.dilationH, w.h), iw = inputRead(ow, j, w.strideW, w.padW, w.dilationW, w.w);
            col[e] = ih >= 0 && iw >= 0 ? x[xOffset + (q * w.h + ih) * w.w + iw] : 0.0;
        }
    }

    /** conv2d_col2im: thread e = (q·h + ih)·w + iw gathers its taps, i outer, j inner. */
    @Override
    public void col2im(double[] col, double[] gradX, int gradXOffset, int[] window, int planes) {
        Window w = new Window(window);
        int outPlane = w.outH * w.outW;
        for (int e = 0; e < planes * w.h * w.w; e++) {
            int iw = e % w.w, ih = e / w.w % w.h, q = e / w.w / w.h;
            double sum = 0;
            for (int i = 0; i < w.kH; i++) {
                int oh = outputReading(ih, i, w.strideH, w.padH, w.dilationH, w.outH);
                if (oh < 0) continue;
                for (int j = 0; j < w.kW; j++) {
                    int ow = outputReading(iw, j, w.strideW, w.padW, w.dilationW, w.outW);
                    if (ow >= 0) sum += col[((q * w.kH + i) * w.kW + j) * outPlane + oh * w.outW + ow];
                }
            }
            gradX[gradXOffset + e] = sum;
        }
    }

    /** matmul_f64: C[z] = (accumulate ? C[z] : 0) + Σ_s A[z, s]·B[z, s], z = outer·inner + inner. */
    @Override
    public void gemm(double[] a, GemmOperand al, double[] b, GemmOperand bl, double[] c, GemmOperand cl, GemmSize size, boolean accumulate) {
        gemmLaunches++;
        int[] ap = al.packed(), bp = bl.packed(), cp = cl.packed(); // read through the packed structs, as the kernel does
        for (int z = 0; z < size.outer() * size.inner(); z++) {
            int outer = z / size.inner(), inner = z % size.inner();
            for (int row = 0; row < size.m(); row++) {
                for (int col = 0; col < size.n(); col++) {
                    double acc = 0;
                    for (int s = 0; s < size.sums(); s++) {
                        int aStart = start(al, outer, inner, s), bStart = start(bl, outer, inner, s);
                        for (int k = 0; k < size.k(); k++)
                            acc += a[aStart + row * ap[ROW] + k * ap[COL]] * b[bStart + k * bp[ROW] + col * bp[COL]];
                    }
                    int at = start(cl, outer, inner, 0) + row * cp[ROW] + col * cp[COL];
                    c[at] = accumulate ? c[at] + acc : acc;
                }
            }
        }
    }

    /** Slots of the packed Strided: offset, then GEMM_OUTER .. GEMM_COL. */
    private static final int OUTER = 1, INNER = 2, SUM = 3, ROW = 4, COL = 5;

    private static int start(GemmOperand v, int outer, int inner, int s) {
        int[] p = v.packed();
        return p[0] + outer * p[OUTER] + inner * p[INNER] + s * p[SUM];
    }

    /** window.cuh's inputRead. */
    static int inputRead(int o, int t, int stride, int pad, int dilation, int inSize) {
        int x = o * stride - pad + t * dilation;
        return x >= 0 && x < inSize ? x : -1;
    }

    /** window.cuh's outputReading. */
    static int outputReading(int x, int t, int stride, int pad, int dilation, int outSize) {
        int shifted = x + pad - t * dilation;
        if (shifted < 0 || shifted % stride != 0) return -1;
        int o = shifted / stride;
        return o < outSize ? o : -1;
    }

    /** window.cuh's Window2d, unpacked in its field order. */
    record Window(int h, int w, int outH, int outW, int kH, int kW, int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {
        Window(int[] p) {
            this(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]);
        }
    }
}
