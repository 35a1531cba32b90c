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
 */
final class Im2col {
    private final Conv2dGeometry g;
    private final int outW, l, plane;
    private final int[] ohFrom, ohTo, owFrom, owTo;

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
