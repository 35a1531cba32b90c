package org.jgrad.tensor.cpu.conv;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.tensor.cpu.CpuParallel;

/**
 * 2-D convolution kernels on contiguous NCHW host arrays, float32 and float64: the forward pass
 * and both gradients. See {@link Conv2dGeometry} for the shapes and the definition.
 *
 * <h2>im2col</h2>
 * For a sample {@code b} and a group {@code gr}, write {@code cInG = cIn/groups},
 * {@code cOutG = cOut/groups}, {@code K = cInG·kH·kW} and {@code L = outH·outW}. The column matrix
 * {@code col} (K × L) is
 * <pre>
 *   col[(c·kH + i)·kW + j][oh·outW + ow] = x[b, gr·cInG + c, oh·strideH − padH + i·dilationH,
 *                                                           ow·strideW − padW + j·dilationW]
 * </pre>
 * (zero where the position falls in the padding), so that, with {@code W_gr} the rows
 * {@code gr·cOutG ..} of the weight seen as a cOutG × K matrix and {@code Y_{b,gr}} the matching
 * output channels seen as cOutG × L,
 * <pre>
 *   Y_{b,gr} = W_gr · col_{b,gr}                                  (forward, one GEMM)
 * </pre>
 * For a 1×1 kernel with stride 1 and no padding, col is the input slice itself (K = cInG,
 * L = h·w), so the copy is skipped and the GEMM reads x directly.
 *
 * <h2>Gradients as adjoints</h2>
 * The convolution is bilinear in (x, W). For an upstream gradient {@code G} shaped like the output,
 * the two gradients are the adjoints of the two linear maps, i.e. for all x, W, G:
 * <pre>
 *   ⟨conv(x, W), G⟩ = ⟨x, inputGrad(G, W)⟩ = ⟨W, weightGrad(x, G)⟩
 * </pre>
 * With im2col written as the linear map {@code P: x ↦ col} and its adjoint {@code Pᵀ} (col2im: every
 * column entry is added back to the input position it was read from; padding entries are dropped):
 * <pre>
 *   dX_{b,gr} = Pᵀ(W_grᵀ · G_{b,gr})                                   (GEMM, then col2im)
 *   dW_gr     = Σ_b G_{b,gr} · col_{b,gr}ᵀ                             (GEMM accumulated over b)
 * </pre>
 *
 * <h2>Index tables and the float/double split</h2>
 * The im2col mapping depends only on the geometry, not on the sample, the group or the dtype, so
 * each call computes it once as an {@code int} table of K·L input offsets (relative to the group's
 * first input channel of the sample; −1 for padding). im2col is then a gather through the table
 * and col2im a scatter-add through it. All index arithmetic lives in {@code im2colTable}; the
 * driver below is written once, generic over the array type through {@link ArrayOps}, whose float
 * and double implementations are only the 3-line gather / scatter / fill / add loops and the GEMM
 * call. The table costs as much memory as one column buffer, and building it is O(K·L), the cost
 * of one im2col; it is shared by all n·groups (sample, group) pairs of the call.
 *
 * <h2>Parallelism and determinism</h2>
 * {@link #forward} and {@link #inputGrad} split the n·groups (sample, group) pairs over
 * {@link CpuParallel}; each pair writes a disjoint slice, and each range allocates one column buffer
 * that it reuses. {@link #weightGrad} sums over the batch, so it splits the batch into a number of
 * contiguous chunks that depends only on the geometry (never on the thread count); each chunk
 * accumulates its samples in order into its own partial weight gradient, and the partials are then
 * added in chunk order. The result is therefore the same bits for every thread count.
 *
 * <p>All methods overwrite their output array; arrays must have exactly the sizes the geometry
 * implies, otherwise {@link IllegalArgumentException}. No bias: the caller adds it.
 */
public final class Conv2dKernels {
    /** Upper bound on the number of per-chunk partial weight gradients of {@link #weightGrad}. */
    static final int MAX_WEIGHT_GRAD_CHUNKS = 8;
    /** Upper bound on the elements held in partial weight gradients (beyond the output itself). */
    private static final long MAX_PARTIAL_ELEMENTS = 1L << 25;
    /** Roughly the multiply-adds below which a work item is not worth a task of its own. */
    private static final long MIN_TASK_WORK = 1L << 16;

    private Conv2dKernels() {}

    // ---------------------------------------------------------------- float32

    /** float32 forward: {@code out = conv2d(x, weight)}, overwriting out. */
    public static void forward(Conv2dGeometry g,
                               float[] x,       // (N, Cin, H, W)
                               float[] weight,  // (Cout, Cin/groups, kH, kW)
                               float[] out) {   // (N, Cout, outH, outW)
        forward(ArrayOps.FLOAT, g, x, weight, out);
    }

    /** float32 input gradient: {@code gradX = dL/dx} given {@code gradOut = dL/dout}, overwriting gradX. */
    public static void inputGrad(Conv2dGeometry g,
                                 float[] gradOut,  // (N, Cout, outH, outW)
                                 float[] weight,   // (Cout, Cin/groups, kH, kW)
                                 float[] gradX) {  // (N, Cin, H, W)
        inputGrad(ArrayOps.FLOAT, g, gradOut, weight, gradX);
    }

    /** float32 weight gradient: {@code gradWeight = dL/dW} summed over the batch, overwriting gradWeight. */
    public static void weightGrad(Conv2dGeometry g,
                                  float[] x,            // (N, Cin, H, W)
                                  float[] gradOut,      // (N, Cout, outH, outW)
                                  float[] gradWeight) { // (Cout, Cin/groups, kH, kW)
        weightGrad(ArrayOps.FLOAT, g, x, gradOut, gradWeight);
    }

    // ---------------------------------------------------------------- float64

    /** float64 forward: {@code out = conv2d(x, weight)}, overwriting out. */
    public static void forward(Conv2dGeometry g,
                               double[] x,       // (N, Cin, H, W)
                               double[] weight,  // (Cout, Cin/groups, kH, kW)
                               double[] out) {   // (N, Cout, outH, outW)
        forward(ArrayOps.DOUBLE, g, x, weight, out);
    }

    /** float64 input gradient: {@code gradX = dL/dx} given {@code gradOut = dL/dout}, overwriting gradX. */
    public static void inputGrad(Conv2dGeometry g,
                                 double[] gradOut,  // (N, Cout, outH, outW)
                                 double[] weight,   // (Cout, Cin/groups, kH, kW)
                                 double[] gradX) {  // (N, Cin, H, W)
        inputGrad(ArrayOps.DOUBLE, g, gradOut, weight, gradX);
    }

    /** float64 weight gradient: {@code gradWeight = dL/dW} summed over the batch, overwriting gradWeight. */
    public static void weightGrad(Conv2dGeometry g,
                                  double[] x,            // (N, Cin, H, W)
                                  double[] gradOut,      // (N, Cout, outH, outW)
                                  double[] gradWeight) { // (Cout, Cin/groups, kH, kW)
        weightGrad(ArrayOps.DOUBLE, g, x, gradOut, gradWeight);
    }

    // ---------------------------------------------------------------- shared driver

    private static <A> void forward(ArrayOps<A> ops, Conv2dGeometry g, A x, A weight, A out) {
        checkLength(ops, g, "forward", "x", x, g.inputSize());
        checkLength(ops, g, "forward", "weight", weight, g.weightSize());
        checkLength(ops, g, "forward", "out", out, g.outputSize());
        Plan p = new Plan(g);
        int[] table = p.pointwise ? null : im2colTable(g);
        CpuParallel.forRange(g.n() * p.groups, p.grain, (start, end) -> {
            A col = p.pointwise ? null : ops.alloc(p.k * p.l);
            for (int item = start; item < end; item++) {
                int b = item / p.groups, gr = item % p.groups;
                int xOff = p.inputOffset(b, gr);
                A src = x;
                int srcOff = xOff;
                if (!p.pointwise) {
                    ops.gather(table, x, xOff, col);
                    src = col;
                    srcOff = 0;
                }
                ops.gemm(false, false, p.cOutG, p.l, p.k, weight, p.weightOffset(gr), p.k,
                        src, srcOff, p.l, out, p.outputOffset(b, gr), p.l, false);
            }
        });
    }

    private static <A> void inputGrad(ArrayOps<A> ops, Conv2dGeometry g, A gradOut, A weight, A gradX) {
        checkLength(ops, g, "inputGrad", "gradOut", gradOut, g.outputSize());
        checkLength(ops, g, "inputGrad", "weight", weight, g.weightSize());
        checkLength(ops, g, "inputGrad", "gradX", gradX, g.inputSize());
        Plan p = new Plan(g);
        int[] table = p.pointwise ? null : im2colTable(g);
        int sliceLen = p.cInG * g.h() * g.w();
        CpuParallel.forRange(g.n() * p.groups, p.grain, (start, end) -> {
            A col = p.pointwise ? null : ops.alloc(p.k * p.l);
            for (int item = start; item < end; item++) {
                int b = item / p.groups, gr = item % p.groups;
                int xOff = p.inputOffset(b, gr);
                if (p.pointwise) {          // dX_{b,gr} = W_grᵀ · G_{b,gr}, straight into gradX
                    ops.gemm(true, false, p.k, p.l, p.cOutG, weight, p.weightOffset(gr), p.k,
                            gradOut, p.outputOffset(b, gr), p.l, gradX, xOff, p.l, false);
                } else {                    // col = W_grᵀ · G_{b,gr}; dX_{b,gr} = col2im(col)
                    ops.gemm(true, false, p.k, p.l, p.cOutG, weight, p.weightOffset(gr), p.k,
                            gradOut, p.outputOffset(b, gr), p.l, col, 0, p.l, false);
                    ops.zero(gradX, xOff, xOff + sliceLen);
                    ops.scatterAdd(table, col, gradX, xOff);
                }
            }
        });
    }

    private static <A> void weightGrad(ArrayOps<A> ops, Conv2dGeometry g, A x, A gradOut, A gradWeight) {
        checkLength(ops, g, "weightGrad", "x", x, g.inputSize());
        checkLength(ops, g, "weightGrad", "gradOut", gradOut, g.outputSize());
        checkLength(ops, g, "weightGrad", "gradWeight", gradWeight, g.weightSize());
        Plan p = new Plan(g);
        int[] table = p.pointwise ? null : im2colTable(g);
        int chunks = weightGradChunks(g);
        List<A> partials = new ArrayList<>(chunks);
        partials.add(gradWeight);       // chunk 0 accumulates straight into the result
        for (int c = 1; c < chunks; c++) partials.add(ops.alloc(g.weightSize()));
        int n = g.n();
        // Work items are (chunk, group) pairs; each writes a disjoint part of its own partial.
        CpuParallel.forRange(chunks * p.groups, 1, (start, end) -> {
            A col = p.pointwise ? null : ops.alloc(p.k * p.l);
            for (int item = start; item < end; item++) {
                int chunk = item / p.groups, gr = item % p.groups;
                A dst = partials.get(chunk);
                int bStart = (int) ((long) n * chunk / chunks), bEnd = (int) ((long) n * (chunk + 1) / chunks);
                for (int b = bStart; b < bEnd; b++) {
                    int xOff = p.inputOffset(b, gr);
                    A src = x;
                    int srcOff = xOff;
                    if (!p.pointwise) {
                        ops.gather(table, x, xOff, col);
                        src = col;
                        srcOff = 0;
                    }
                    // dW_gr (+)= G_{b,gr} · colᵀ
                    ops.gemm(false, true, p.cOutG, p.k, p.l, gradOut, p.outputOffset(b, gr), p.l,
                            src, srcOff, p.l, dst, p.weightOffset(gr), p.k, b != bStart);
                }
            }
        });
        if (chunks > 1) {
            // Fixed-order reduction: gradWeight = ((p0 + p1) + p2) + ..., element by element.
            CpuParallel.forRange(g.weightSize(), 1 << 14, (start, end) -> {
                for (int c = 1; c < chunks; c++) ops.addInto(gradWeight, partials.get(c), start, end);
            });
        }
    }

    /**
     * Number of batch chunks {@link #weightGrad} reduces over: a function of the geometry only,
     * so that the summation order, and hence the result, never depends on the thread count.
     */
    static int weightGradChunks(Conv2dGeometry g) {
        long byMemory = Math.max(1, MAX_PARTIAL_ELEMENTS / g.weightSize());
        return (int) Math.min(Math.min(g.n(), MAX_WEIGHT_GRAD_CHUNKS), byMemory);
    }

    /** True for 1×1, stride-1, unpadded convolutions, whose column matrix is the input itself. */
    static boolean isPointwise(Conv2dGeometry g) {
        return g.kH() == 1 && g.kW() == 1 && g.strideH() == 1 && g.strideW() == 1
                && g.padH() == 0 && g.padW() == 0;
    }

    /**
     * The im2col mapping as a table of K·L entries, K = (cIn/groups)·kH·kW, L = outH·outW, row-major
     * like the column matrix: entry {@code [(c·kH + i)·kW + j][oh·outW + ow]} is the offset
     * {@code c·h·w + ih·w + iw} of the input element it reads, relative to the first input channel
     * of the (sample, group), where {@code ih = oh·strideH − padH + i·dilationH} and
     * {@code iw = ow·strideW − padW + j·dilationW}; or −1 when (ih, iw) lies in the padding.
     */
    static int[] im2colTable(Conv2dGeometry g) {
        int h = g.h(), w = g.w(), outH = g.outH(), outW = g.outW();
        int rows = g.cInPerGroup() * g.kH() * g.kW(), l = outH * outW;
        int[] table = new int[rows * l];
        // Column offsets of each kernel column j, shared by every row with that j.
        int[] iwOf = new int[g.kW() * outW];
        for (int j = 0; j < g.kW(); j++) {
            for (int ow = 0; ow < outW; ow++) {
                int iw = ow * g.strideW() - g.padW() + j * g.dilationW();
                iwOf[j * outW + ow] = iw >= 0 && iw < w ? iw : -1;
            }
        }
        int r = 0;
        for (int c = 0; c < g.cInPerGroup(); c++) {
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, r++) {
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        int dst = r * l + oh * outW;
                        int rowBase = (c * h + ih) * w;
                        boolean rowValid = ih >= 0 && ih < h;
                        for (int ow = 0; ow < outW; ow++) {
                            int iw = iwOf[j * outW + ow];
                            table[dst + ow] = rowValid && iw >= 0 ? rowBase + iw : -1;
                        }
                    }
                }
            }
        }
        return table;
    }

    private static <A> void checkLength(ArrayOps<A> ops, Conv2dGeometry g, String op, String name,
                                        A array, int expected) {
        if (array == null) throw new IllegalArgumentException("conv2d " + op + ": " + name + " is null");
        int len = ops.length(array);
        if (len != expected) {
            throw new IllegalArgumentException("conv2d " + op + ": " + name + " has length " + len
                    + ", expected " + expected + " for " + g);
        }
    }

    /** Per-call constants of the GEMM formulation. */
    private static final class Plan {
        final int groups, cInG, cOutG, k, l, inPlane, grain;
        final boolean pointwise;
        final Conv2dGeometry g;

        Plan(Conv2dGeometry g) {
            this.g = g;
            groups = g.groups();
            cInG = g.cInPerGroup();
            cOutG = g.cOutPerGroup();
            k = cInG * g.kH() * g.kW();
            l = g.outH() * g.outW();
            inPlane = g.h() * g.w();
            pointwise = isPointwise(g);
            long work = Math.max(1L, (long) cOutG * k * l);
            grain = (int) Math.max(1, Math.min(Integer.MAX_VALUE, MIN_TASK_WORK / work));
        }

        /** Offset in x (or gradX) of channel gr·cInG of sample b. */
        int inputOffset(int b, int gr) {
            return (b * g.cIn() + gr * cInG) * inPlane;
        }

        /** Offset in out (or gradOut) of channel gr·cOutG of sample b. */
        int outputOffset(int b, int gr) {
            return (b * g.cOut() + gr * cOutG) * l;
        }

        /** Offset in the weight (or its gradient) of output channel gr·cOutG. */
        int weightOffset(int gr) {
            return gr * cOutG * k;
        }
    }
}
