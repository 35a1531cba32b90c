package org.jgrad.tensor.cpu.conv;

/**
 * The im2col copy of one (sample, group) and its adjoint col2im, computed from the geometry row by
 * row. Row {@code r = (c·kH + i)·kW + j} of the column matrix holds, at {@code oh·outW + ow}, the
 * input pixel {@code (c, ih, iw)} with {@code ih = oh·strideH − padH + i·dilationH} and
 * {@code iw = ow·strideW − padW + j·dilationW}, or 0 in the padding (the definition in
 * {@link Conv2dKernels}). For a kernel column j the valid {@code ow} form one interval
 * {@code [owFrom_j, owTo_j)} (iw is increasing in ow), and likewise the valid {@code oh} for a
 * kernel row i, so the entries of one column-matrix row that read pixels form a block of strided
 * runs of input rows (a plain copy at stride 1), one {@link ArrayOps#copyBlock} call, and the rest
 * is padding: no per-element index or test.
 *
 * <p>Narrow output rows make those runs a few elements long, and the calls cost more than the
 * copying; a strided run is an element-by-element loop anyway. Then ({@link #usesTable}) the copy
 * goes through a table of each entry's pixel ({@link #pixelOf}) and one call does a column-matrix
 * row for all the samples of a chunk: at batch 32 on one core, 2–3× faster for the 4×4 and 2×2
 * outputs of the bench models' convolutions, 10–20% for the 14×14 and 7×7 outputs at stride 2,
 * no faster for stride-1 rows of 7 (measured 2026-12-07, 2-core EPYC, float32). Both ways visit a
 * sample's entries in the same order, so col2im sums in the same order either way.
 */
final class Im2col {
    /** Output widths below which stride-1 rows are copied through the index table. */
    static final int TABLE_BELOW_WIDTH = 8;
    /** The same for strided rows. */
    static final int STRIDED_TABLE_BELOW_WIDTH = 32;
    private final Conv2dGeometry g;
    private final int outW, l, plane, rowsK;
    private final int[] ohFrom, ohTo, owFrom, owTo;
    /** Row r, entry oh·outW + ow: the offset of the pixel it reads within a (sample, group) slice, or −1 in the padding; null when rows are copied. */
    private final int[] pixelOf;

    Im2col(Conv2dGeometry g) {
        this.g = g;
        outW = g.outW();
        l = g.outH() * outW;
        plane = g.h() * g.w();
        ohFrom = new int[g.kH()];
        ohTo = new int[g.kH()];
        owFrom = new int[g.kW()];
        owTo = new int[g.kW()];
        for (int i = 0; i < g.kH(); i++) validRange(i * g.dilationH() - g.padH(), g.strideH(), g.h(), g.outH(), ohFrom, ohTo, i);
        for (int j = 0; j < g.kW(); j++) validRange(j * g.dilationW() - g.padW(), g.strideW(), g.w(), outW, owFrom, owTo, j);
        rowsK = g.cInPerGroup() * g.kH() * g.kW();
        pixelOf = usesTable(g) ? pixelTable() : null;
    }

    /** Whether the copies go through the index table: output rows under 8 wide, or under 32 at a stride over 1. */
    static boolean usesTable(Conv2dGeometry g) {
        return g.outW() < (g.strideW() == 1 ? TABLE_BELOW_WIDTH : STRIDED_TABLE_BELOW_WIDTH);
    }

    private int[] pixelTable() {
        int[] t = new int[rowsK * l];
        java.util.Arrays.fill(t, -1);
        int r = 0;
        for (int c = 0; c < g.cInPerGroup(); c++) {
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, r++) {
                    for (int oh = ohFrom[i]; oh < ohTo[i]; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        for (int ow = owFrom[j]; ow < owTo[j]; ow++) {
                            t[r * l + oh * outW + ow] = c * plane + ih * g.w() + ow * g.strideW() - g.padW() + j * g.dilationW();
                        }
                    }
                }
            }
        }
        return t;
    }

    /**
     * {@link #gather} for {@code samples} slices at {@code x[xOff + b·sampleStride ..]}, sample b's
     * entries at {@code col[colOff + r·ld + b·L + ..]}.
     */
    <A> void gatherSamples(ArrayOps<A> ops, A x, int xOff, int sampleStride, int samples, A col, int colOff, int ld,
                           boolean paddingIsZero) {
        if (pixelOf == null) {
            for (int b = 0; b < samples; b++) gather(ops, x, xOff + b * sampleStride, col, colOff + b * l, ld, paddingIsZero);
            return;
        }
        for (int r = 0; r < rowsK; r++) ops.gatherIndexed(x, xOff, sampleStride, pixelOf, r * l, l, col, colOff + r * ld, samples);
    }

    /** {@link #scatterAdd} for the samples of {@link #gatherSamples}. */
    <A> void scatterAddSamples(ArrayOps<A> ops, A col, int colOff, int ld, int samples, A dx, int xOff, int sampleStride) {
        if (pixelOf == null) {
            for (int b = 0; b < samples; b++) scatterAdd(ops, col, colOff + b * l, ld, dx, xOff + b * sampleStride);
            return;
        }
        for (int r = 0; r < rowsK; r++) ops.scatterAddIndexed(col, colOff + r * ld, pixelOf, r * l, l, dx, xOff, sampleStride, samples);
    }

    /** The outputs o in [0, count) with 0 ≤ o·stride + shift < size, an interval since stride > 0. */
    private static void validRange(int shift, int stride, int size, int count, int[] from, int[] to, int at) {
        int lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride;              // first o with o·stride + shift ≥ 0
        int hi = size - shift <= 0 ? 0 : (size - shift + stride - 1) / stride; // first o with o·stride + shift ≥ size
        from[at] = Math.min(lo, count);
        to[at] = Math.max(from[at], Math.min(hi, count));
    }

    /**
     * col[colOff + r·ld + oh·outW + ow] = the pixel row r reads for output (oh, ow) of the slice at
     * x[xOff ..]. With {@code paddingIsZero} the entries that read padding are left as they are
     * (the caller's buffer already holds zeros there, from an earlier gather of the same layout).
     */
    <A> void gather(ArrayOps<A> ops, A x, int xOff, A col, int colOff, int ld, boolean paddingIsZero) {
        int r = 0;
        for (int c = 0; c < g.cInPerGroup(); c++) {
            for (int i = 0; i < g.kH(); i++) {
                int ih0 = ohFrom[i] * g.strideH() - g.padH() + i * g.dilationH(), rows = ohTo[i] - ohFrom[i];
                for (int j = 0; j < g.kW(); j++, r++) {
                    int row = colOff + r * ld, ow0 = owFrom[j], ow1 = owTo[j];
                    int iw0 = ow0 * g.strideW() - g.padW() + j * g.dilationW();
                    if (!paddingIsZero) zeroPadding(ops, col, row, i, j);
                    if (ow1 > ow0) ops.copyBlock(x, xOff + c * plane + ih0 * g.w() + iw0, g.strideH() * g.w(), g.strideW(),
                            col, row + ohFrom[i] * outW + ow0, outW, rows, ow1 - ow0);
                }
            }
        }
    }

    /** Zeros of the entries of row r (kernel offsets i, j) that read padding. */
    private <A> void zeroPadding(ArrayOps<A> ops, A col, int row, int i, int j) {
        ops.zero(col, row, row + ohFrom[i] * outW);
        for (int oh = ohFrom[i]; oh < ohTo[i]; oh++) {
            int d = row + oh * outW;
            ops.zero(col, d, d + owFrom[j]);
            ops.zero(col, d + owTo[j], d + outW);
        }
        ops.zero(col, row + ohTo[i] * outW, row + l);
    }

    /** The adjoint: dx[xOff + pixel] += col[colOff + r·ld + oh·outW + ow] for every entry that read a pixel, row by row in order. */
    <A> void scatterAdd(ArrayOps<A> ops, A col, int colOff, int ld, A dx, int xOff) {
        int r = 0;
        for (int c = 0; c < g.cInPerGroup(); c++) {
            for (int i = 0; i < g.kH(); i++) {
                int ih0 = ohFrom[i] * g.strideH() - g.padH() + i * g.dilationH(), rows = ohTo[i] - ohFrom[i];
                for (int j = 0; j < g.kW(); j++, r++) {
                    int row = colOff + r * ld, ow0 = owFrom[j], ow1 = owTo[j];
                    int iw0 = ow0 * g.strideW() - g.padW() + j * g.dilationW();
                    if (ow1 > ow0) ops.addBlock(col, row + ohFrom[i] * outW + ow0, outW,
                            dx, xOff + c * plane + ih0 * g.w() + iw0, g.strideH() * g.w(), g.strideW(), rows, ow1 - ow0);
                }
            }
        }
    }
}
