package org.jgrad.cuda;

import org.jgrad.tensor.cpu.conv.Conv2dGeometry;

/**
 * conv2d and its two gradients as im2col + GEMM, over chunks of samples, on dense NCHW buffers;
 * the definition is {@link Conv2dGeometry}'s. Per sample b and group g, with K = cInG·kH·kW and
 * L = outH·outW, col_{b,g} (K × L) holds the input values each output position reads
 * ({@code conv.cu}), and
 * <pre>
 *   forward       out_{b,g} (cOutG × L) = W_g (cOutG × K) · col_{b,g}
 *   input grad    gradX_{b,g}           = col2im(W_gᵀ · G_{b,g})
 *   weight grad   dW_g     (cOutG × K)  = Σ_b G_{b,g} · col_{b,g}ᵀ
 * </pre>
 * Each line is one GEMM launch per chunk, batched over (sample, group), or over groups and summed
 * over the chunk's samples; chunks of weight gradients accumulate. The column buffer of a chunk is
 * (samples, cIn, kH, kW, outH, outW), at most {@link #COLUMN_BUDGET} elements (one sample at
 * least). A 1×1 kernel with stride 1 and no padding needs no columns: col_{b,g} is the input itself.
 */
final class Im2colConvolution<B> {
    /** Column-buffer elements a chunk may use (256 MiB in float32) unless one sample needs more. */
    static final long COLUMN_BUDGET = 1L << 26;

    private final Conv2dGeometry g;
    private final ConvolutionSteps<B> steps;
    private final int[] window;
    private final int groups, cInG, cOutG, k, l, plane, chunk;
    private final boolean pointwise;

    Im2colConvolution(Conv2dGeometry g, ConvolutionSteps<B> steps, long columnBudget) {
        if (!fits(g)) throw new IllegalArgumentException("conv2d: the column buffer of one sample would exceed 2^31 elements for " + g);
        this.g = g;
        this.steps = steps;
        window = SlidingWindow.of(g);
        groups = g.groups();
        cInG = g.cInPerGroup();
        cOutG = g.cOutPerGroup();
        k = cInG * g.kH() * g.kW();
        l = g.outH() * g.outW();
        plane = g.h() * g.w();
        pointwise = isPointwise(g);
        chunk = samplesPerChunk(g, columnBudget);
    }

    /** The three computations, for {@link #storesEachResultOnce}. */
    enum Pass { FORWARD, INPUT_GRAD, WEIGHT_GRAD }

    /**
     * True when {@code pass} produces every element of its result in exactly one GEMM store, with
     * nothing added afterwards: so a GEMM that accumulates in float32 and rounds its store to a
     * half type rounds each result once, as the CPU backend does. That holds for
     * <ul>
     *   <li>the forward pass always: a chunk of samples writes its own outputs (accumulate = 0);
     *   <li>the weight gradient when one launch sums all N samples (its summed batch): the 1×1
     *       shortcut, or all samples in one chunk. Over several chunks each launch would round its
     *       partial sum and the next add to it (accumulate = 1), drifting from the CPU;
     *   <li>the input gradient only in the 1×1 shortcut: otherwise col2im adds up column entries
     *       the GEMM has already rounded.
     * </ul>
     */
    static boolean storesEachResultOnce(Pass pass, Conv2dGeometry g, long columnBudget) {
        return switch (pass) {
            case FORWARD -> true;
            case WEIGHT_GRAD -> isPointwise(g) || samplesPerChunk(g, columnBudget) == g.n();
            case INPUT_GRAD -> isPointwise(g);
        };
    }

    /** A 1×1 kernel with stride 1 and no padding: the columns are the input itself. */
    static boolean isPointwise(Conv2dGeometry g) {
        return g.kH() == 1 && g.kW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    /** True when one sample's column buffer has fewer than 2³¹ − 8 elements (the kernels index with int). */
    static boolean fits(Conv2dGeometry g) {
        return columnsPerSample(g) <= Integer.MAX_VALUE - 8;
    }

    /** cIn·kH·kW·outH·outW. */
    static long columnsPerSample(Conv2dGeometry g) {
        return (long) g.cIn() * g.kH() * g.kW() * g.outH() * g.outW();
    }

    /** Samples per chunk: as many as the budget holds, at least one, at most n. */
    static int samplesPerChunk(Conv2dGeometry g, long columnBudget) {
        return (int) Math.max(1, Math.min(g.n(), columnBudget / columnsPerSample(g)));
    }

    /** out (N, Cout, outH, outW) = conv2d(x (N, Cin, H, W), w (Cout, Cin/groups, kH, kW)); every buffer dense from its offset. */
    void forward(B x, int xOffset, B w, int wOffset, B out, int outOffset) {
        GemmOperand weight = weights(wOffset);
        if (pointwise) {
            steps.gemm(w, weight, x, inputs(xOffset), out, outputs(outOffset), new GemmSize(g.n(), groups, 1, cOutG, l, k), false);
            return;
        }
        overChunks((col, b0, samples) -> {
            steps.im2col(x, xOffset + b0 * g.cIn() * plane, col, window, samples * g.cIn());
            steps.gemm(w, weight, col, columns(), out, outputs(outOffset).shifted(b0 * g.cOut() * l),
                    new GemmSize(samples, groups, 1, cOutG, l, k), false);
        });
    }

    /** gradX (N, Cin, H, W) from gradOut (N, Cout, outH, outW) and w. */
    void inputGrad(B gradOut, int gradOutOffset, B w, int wOffset, B gradX, int gradXOffset) {
        GemmOperand weightT = weights(wOffset).transposed();
        if (pointwise) {
            steps.gemm(w, weightT, gradOut, outputs(gradOutOffset), gradX, inputs(gradXOffset), new GemmSize(g.n(), groups, 1, k, l, cOutG), false);
            return;
        }
        overChunks((col, b0, samples) -> {
            steps.gemm(w, weightT, gradOut, outputs(gradOutOffset).shifted(b0 * g.cOut() * l), col, columns(),
                    new GemmSize(samples, groups, 1, k, l, cOutG), false);
            steps.col2im(col, gradX, gradXOffset + b0 * g.cIn() * plane, window, samples * g.cIn());
        });
    }

    /** gradW (Cout, Cin/groups, kH, kW) from x and gradOut, summed over the samples. */
    void weightGrad(B x, int xOffset, B gradOut, int gradOutOffset, B gradW, int gradWOffset) {
        GemmOperand dW = weights(gradWOffset);
        if (pointwise) {
            steps.gemm(gradOut, outputs(gradOutOffset).outerSummed(), x, inputs(xOffset).outerSummed().transposed(), gradW, dW,
                    new GemmSize(1, groups, g.n(), cOutG, k, l), false);
            return;
        }
        overChunks((col, b0, samples) -> {
            steps.im2col(x, xOffset + b0 * g.cIn() * plane, col, window, samples * g.cIn());
            steps.gemm(gradOut, outputs(gradOutOffset).shifted(b0 * g.cOut() * l).outerSummed(), col, columns().outerSummed().transposed(),
                    gradW, dW, new GemmSize(1, groups, samples, cOutG, k, l), b0 > 0);
        });
    }

    /** What one chunk does with the column buffer, for samples b0 .. b0 + samples − 1. */
    private interface Chunk<B> {
        void run(B columns, int b0, int samples);
    }

    /** Runs {@code body} over the chunks of samples in order, with one column buffer for all of them. */
    private void overChunks(Chunk<B> body) {
        B col = steps.scratch(chunk * (int) columnsPerSample(g));
        try {
            for (int b0 = 0; b0 < g.n(); b0 += chunk) body.run(col, b0, Math.min(chunk, g.n() - b0));
        } finally {
            steps.release(col);
        }
    }

    /** W_g: the weight's rows g·cOutG .. as cOutG × K matrices, batched over groups only. */
    private GemmOperand weights(int offset) {
        return new GemmOperand(offset, 0, cOutG * k, 0, k, 1);
    }

    /** Input (or gradX) channels of (sample, group) as cInG × (H·W) matrices. */
    private GemmOperand inputs(int offset) {
        return GemmOperand.perSampleAndGroup(offset, g.cIn(), cInG, plane);
    }

    /** Output (or gradOut) channels of (sample, group) as cOutG × L matrices. */
    private GemmOperand outputs(int offset) {
        return GemmOperand.perSampleAndGroup(offset, g.cOut(), cOutG, l);
    }

    /** col_{b,g} as K × L matrices of the column buffer. */
    private GemmOperand columns() {
        return GemmOperand.perSampleAndGroup(0, groups * k, k, l);
    }
}
