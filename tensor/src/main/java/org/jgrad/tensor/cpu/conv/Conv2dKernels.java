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
 * <h2>Samples side by side</h2>
 * A sample's GEMM is small when its output plane is: 7×7 or 4×4 planes give products 49 or 16
 * columns wide, far below what the micro-kernel needs to run at speed. So the column matrices of
 * several samples are laid side by side, {@code col_chunk = [col_b0 | col_b0+1 | …]} (K × nb·L), and
 * one GEMM serves the chunk: {@code Y_chunk = W_gr · col_chunk} (cOutG × nb·L, copied to each
 * sample's place in NCHW), {@code col_chunk = W_grᵀ · G_chunk} for the input gradient, and
 * {@code dW_gr (+)= G_chunk · col_chunkᵀ} for the weight gradient, where the sum over the chunk's
 * samples runs inside the GEMM's k. {@link #samplesPerGemm} keeps the column buffer near the size of
 * a core's L2. im2col and col2im are {@link Im2col}'s row copies; the driver is written once, generic
 * over the array type through {@link ArrayOps} (float32 and float64).
 *
 * <h2>Parallelism and determinism</h2>
 * {@link #forward} and {@link #inputGrad} split the batch into chunks, a multiple of the thread
 * count, over {@link CpuParallel}; each chunk writes a disjoint slice, and every output element is
 * one GEMM dot product in a fixed k-order, so the split does not change a bit. {@link #weightGrad}
 * sums over the batch, so it splits the batch into a number of contiguous chunks that depends only
 * on the geometry (never on the thread count); each chunk accumulates its samples in order, a
 * {@link #samplesPerGemm} group at a time, into its own partial weight gradient, and the partials
 * are then added in chunk order. The result is therefore the same bits for every thread count.
 *
 * <p>All methods overwrite their output array; arrays must have exactly the sizes the geometry
 * implies, otherwise {@link IllegalArgumentException}. No bias: the caller adds it.
 */
public final class Conv2dKernels {
    /** Upper bound on the number of per-chunk partial weight gradients of {@link #weightGrad}. */
    static final int MAX_WEIGHT_GRAD_CHUNKS = 8;
    /** Upper bound on the elements held in partial weight gradients (beyond the output itself). */
    private static final long MAX_PARTIAL_ELEMENTS = 1L << 25;
    /** Elements of one task's column buffer, 512 KiB of float32: about a core's L2. */
    static final long COLUMN_BUDGET = 1L << 17;
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
        if (p.pointwise && p.batch == 1) {         // col is x itself: one GEMM per (sample, group) straight into out
            CpuParallel.forRange(g.n() * p.groups, p.grain, (start, end) -> {
                for (int item = start; item < end; item++) {
                    int b = item / p.groups, gr = item % p.groups;
                    ops.gemm(false, false, p.cOutG, p.l, p.k, weight, p.weightOffset(gr), p.k,
                            x, p.inputOffset(b, gr), p.l, out, p.outputOffset(b, gr), p.l, false);
                }
            });
            return;
        }
        Im2col table = new Im2col(g);
        int chunks = p.chunks(CpuParallel.threads());
        CpuParallel.forRange(chunks * p.groups, 1, (start, end) -> {
            Columns<A> c = new Columns<>(ops, p, p.batchOf(chunks));
            for (int item = start; item < end; item++) {
                int gr = item % p.groups, b0 = p.firstSample(item / p.groups, chunks), nb = p.firstSample(item / p.groups + 1, chunks) - b0;
                c.gatherInputs(table, x, b0, nb, gr);
                // Y_chunk (cOutG × nb·L) = W_gr · col_chunk, then each sample's block to its place in out
                ops.gemm(false, false, p.cOutG, nb * p.l, p.k, weight, p.weightOffset(gr), p.k, c.col, 0, nb * p.l, c.outputs, 0, nb * p.l, false);
                c.scatterOutputs(out, b0, nb, gr);
            }
        });
    }

    private static <A> void inputGrad(ArrayOps<A> ops, Conv2dGeometry g, A gradOut, A weight, A gradX) {
        checkLength(ops, g, "inputGrad", "gradOut", gradOut, g.outputSize());
        checkLength(ops, g, "inputGrad", "weight", weight, g.weightSize());
        checkLength(ops, g, "inputGrad", "gradX", gradX, g.inputSize());
        Plan p = new Plan(g);
        if (p.pointwise && p.batch == 1) {          // dX_{b,gr} = W_grᵀ · G_{b,gr}, straight into gradX
            CpuParallel.forRange(g.n() * p.groups, p.grain, (start, end) -> {
                for (int item = start; item < end; item++) {
                    int b = item / p.groups, gr = item % p.groups;
                    ops.gemm(true, false, p.k, p.l, p.cOutG, weight, p.weightOffset(gr), p.k,
                            gradOut, p.outputOffset(b, gr), p.l, gradX, p.inputOffset(b, gr), p.l, false);
                }
            });
            return;
        }
        Im2col table = new Im2col(g);
        int sliceLen = p.cInG * g.h() * g.w();
        int chunks = p.chunks(CpuParallel.threads());
        CpuParallel.forRange(chunks * p.groups, 1, (start, end) -> {
            Columns<A> c = new Columns<>(ops, p, p.batchOf(chunks));
            for (int item = start; item < end; item++) {
                int gr = item % p.groups, b0 = p.firstSample(item / p.groups, chunks), nb = p.firstSample(item / p.groups + 1, chunks) - b0;
                c.gatherOutputs(gradOut, b0, nb, gr);
                // col_chunk (K × nb·L) = W_grᵀ · G_chunk; dX of each sample = col2im of its block
                ops.gemm(true, false, p.k, nb * p.l, p.cOutG, weight, p.weightOffset(gr), p.k, c.outputs, 0, nb * p.l, c.col, 0, nb * p.l, false);
                for (int j = 0; j < nb; j++) ops.zero(gradX, p.inputOffset(b0 + j, gr), p.inputOffset(b0 + j, gr) + sliceLen);
                table.scatterAddSamples(ops, c.col, 0, nb * p.l, nb, gradX, p.inputOffset(b0, gr), p.sampleStride());
            }
        });
    }

    private static <A> void weightGrad(ArrayOps<A> ops, Conv2dGeometry g, A x, A gradOut, A gradWeight) {
        checkLength(ops, g, "weightGrad", "x", x, g.inputSize());
        checkLength(ops, g, "weightGrad", "gradOut", gradOut, g.outputSize());
        checkLength(ops, g, "weightGrad", "gradWeight", gradWeight, g.weightSize());
        Plan p = new Plan(g);
        Im2col table = p.pointwise && p.batch == 1 ? null : new Im2col(g);
        int chunks = weightGradChunks(g);
        List<A> partials = new ArrayList<>(chunks);
        partials.add(gradWeight);       // chunk 0 accumulates straight into the result
        for (int c = 1; c < chunks; c++) partials.add(ops.alloc(g.weightSize()));
        int n = g.n();
        // Work items are (chunk, group) pairs; each writes a disjoint part of its own partial. Within a
        // chunk, p.batch samples at a time (a function of the geometry only) form one GEMM.
        CpuParallel.forRange(chunks * p.groups, 1, (start, end) -> {
            Columns<A> c = table == null ? null : new Columns<>(ops, p, p.batch);
            for (int item = start; item < end; item++) {
                int chunk = item / p.groups, gr = item % p.groups;
                A dst = partials.get(chunk);
                int bStart = (int) ((long) n * chunk / chunks), bEnd = (int) ((long) n * (chunk + 1) / chunks);
                for (int b0 = bStart; b0 < bEnd; b0 += p.batch) {
                    int nb = Math.min(p.batch, bEnd - b0);
                    boolean accumulate = b0 != bStart;
                    if (c == null) {        // pointwise, one sample at a time: dW_gr (+)= G_{b,gr} · x_{b,gr}ᵀ
                        ops.gemm(false, true, p.cOutG, p.k, p.l, gradOut, p.outputOffset(b0, gr), p.l,
                                x, p.inputOffset(b0, gr), p.l, dst, p.weightOffset(gr), p.k, accumulate);
                        continue;
                    }
                    c.gatherInputs(table, x, b0, nb, gr);
                    c.gatherOutputs(gradOut, b0, nb, gr);
                    // dW_gr (+)= G_chunk · col_chunkᵀ, the sum over the chunk's samples inside the GEMM's k
                    ops.gemm(false, true, p.cOutG, p.k, nb * p.l, c.outputs, 0, nb * p.l, c.col, 0, nb * p.l,
                            dst, p.weightOffset(gr), p.k, accumulate);
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
     * One task's buffers for a chunk of samples: the column matrix (K × nb·L, the chunk's samples side
     * by side) and the chunk's output-shaped matrix (cOutG × nb·L), with the copies between the
     * latter and NCHW arrays. Both are the thread's {@link ArrayOps#scratch} arrays, so the padding
     * entries of col are written on the first gather of each task (they may hold another call's values).
     */
    private static final class Columns<A> {
        final ArrayOps<A> ops;
        final Plan p;
        final A col, outputs;
        /** The row length col was last filled with (its padding entries are then zeros), or -1. */
        private int filledLd = -1;

        Columns(ArrayOps<A> ops, Plan p, int samples) {
            this.ops = ops;
            this.p = p;
            col = ops.scratch(0, p.k * samples * p.l);               // every entry is written before it is read
            outputs = ops.scratch(1, p.cOutG * samples * p.l);
        }

        /** col[:, j·L .. (j+1)·L) = im2col of sample b0 + j, group gr. */
        void gatherInputs(Im2col table, A x, int b0, int nb, int gr) {
            boolean paddingIsZero = filledLd == nb * p.l;   // padding entries depend only on the layout: written once
            table.gatherSamples(ops, x, p.inputOffset(b0, gr), p.sampleStride(), nb, col, 0, nb * p.l, paddingIsZero);
            filledLd = nb * p.l;
        }

        /** outputs[o, j·L .. (j+1)·L) = y[b0 + j, gr·cOutG + o, :]. */
        void gatherOutputs(A y, int b0, int nb, int gr) {
            for (int j = 0; j < nb; j++)
                for (int o = 0; o < p.cOutG; o++) System.arraycopy(y, p.outputOffset(b0 + j, gr) + o * p.l, outputs, (o * nb + j) * p.l, p.l);
        }

        /** The inverse copy: y[b0 + j, gr·cOutG + o, :] = outputs[o, j·L .. (j+1)·L). */
        void scatterOutputs(A y, int b0, int nb, int gr) {
            for (int j = 0; j < nb; j++)
                for (int o = 0; o < p.cOutG; o++) System.arraycopy(outputs, (o * nb + j) * p.l, y, p.outputOffset(b0 + j, gr) + o * p.l, p.l);
        }
    }

    /**
     * Samples whose column matrices sit side by side in one GEMM, so that its n = samples·L is wide
     * even when a sample's output plane L is small (a 4×4 plane gives a 16-wide product alone): as
     * many as keep the column buffer within {@link #COLUMN_BUDGET} elements. A function of the
     * geometry only, so {@link #weightGrad}'s summation order never depends on the thread count.
     */
    static int samplesPerGemm(Conv2dGeometry g) {
        long perSample = Math.max(1L, (long) g.cInPerGroup() * g.kH() * g.kW() * g.outH() * g.outW());
        return (int) Math.max(1, Math.min(g.n(), COLUMN_BUDGET / perSample));
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
        final int groups, cInG, cOutG, k, l, inPlane, grain, batch;
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
            batch = samplesPerGemm(g);
        }

        /**
         * How many chunks forward and inputGrad split the batch into: enough that no chunk holds more
         * than {@link #batch} samples, rounded up to a multiple of the thread count (when the batch
         * has that many samples) so that the threads get equal shares. Their results
         * do not depend on the split (each output element is one GEMM dot product, and the GEMM's
         * k-order is fixed), so the thread count may enter here.
         */
        int chunks(int threads) {
            int n = g.n();
            int byMemory = (n + batch - 1) / batch;
            int perThread = (Math.max(byMemory, threads) + threads - 1) / threads;
            return Math.max(1, Math.min(n, perThread * threads));
        }

        /** The largest chunk of {@link #chunks} chunks. */
        int batchOf(int chunks) {
            return (g.n() + chunks - 1) / chunks;
        }

        /** The first sample of chunk {@code c} of {@code chunks} (balanced: sizes differ by at most one). */
        int firstSample(int c, int chunks) {
            return (int) ((long) g.n() * c / chunks);
        }

        /** Offset in x (or gradX) of channel gr·cInG of sample b. */
        int inputOffset(int b, int gr) {
            return (b * g.cIn() + gr * cInG) * inPlane;
        }

        /** Elements from one sample to the next in x (or gradX). */
        int sampleStride() {
            return g.cIn() * inPlane;
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
