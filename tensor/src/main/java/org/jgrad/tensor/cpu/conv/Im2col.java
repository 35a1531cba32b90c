package org.jgrad.tensor.cpu.conv;

/**
 * The im2col copy of one (sample, group) and its adjoint col2im, computed from the geometry row by
 * row. Row {@code r = (c·kH + i)·kW + j} of the column matrix holds, at {@code oh·outW + ow}, the
 * input pixel {@code (c, ih, iw)} with {@code ih = oh·strideH − padH + i·dilationH} and
 * {@code iw = ow·strideW − padW + j·dilationW}, or 0 in the padding (the definition in
 * {@link Conv2dKernels}). For a kernel column j the valid {@code ow} form one interval
 * {@code [owFrom_j, owTo_j)} (iw is increasing in ow), and likewise the valid {@code oh} for a
 * kernel row i, so each output row of the column matrix is zeros, then a strided run of the input
 * row (a plain copy at stride 1), then zeros: no per-element index or test.
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

    /** col[colOff + r·ld + oh·outW + ow] = the pixel row r reads for output (oh, ow) of the slice at x[xOff ..]. */
    <A> void gather(ArrayOps<A> ops, A x, int xOff, A col, int colOff, int ld) {
        int r = 0;
        for (int c = 0; c < g.cInPerGroup(); c++) {
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, r++) {
                    int row = colOff + r * ld;
                    int ow0 = owFrom[j], ow1 = owTo[j];
                    int iw0 = ow0 * g.strideW() - g.padW() + j * g.dilationW();
                    ops.zero(col, row, row + ohFrom[i] * outW);
                    for (int oh = ohFrom[i]; oh < ohTo[i]; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        int d = row + oh * outW;
                        ops.zero(col, d, d + ow0);
                        ops.copyStrided(x, xOff + c * plane + ih * g.w() + iw0, g.strideW(), col, d + ow0, ow1 - ow0);
                        ops.zero(col, d + ow1, d + outW);
                    }
                    ops.zero(col, row + ohTo[i] * outW, row + l);
                }
            }
        }
    }

    /** The adjoint: dx[xOff + pixel] += col[colOff + r·ld + oh·outW + ow] for every entry that read a pixel, row by row in order. */
    <A> void scatterAdd(ArrayOps<A> ops, A col, int colOff, int ld, A dx, int xOff) {
        int r = 0;
        for (int c = 0; c < g.cInPerGroup(); c++) {
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, r++) {
                    int row = colOff + r * ld;
                    int ow0 = owFrom[j], ow1 = owTo[j];
                    int iw0 = ow0 * g.strideW() - g.padW() + j * g.dilationW();
                    for (int oh = ohFrom[i]; oh < ohTo[i]; oh++) {
                        int ih = oh * g.strideH() - g.padH() + i * g.dilationH();
                        ops.addStrided(col, row + oh * outW + ow0, dx, xOff + c * plane + ih * g.w() + iw0, g.strideW(), ow1 - ow0);
                    }
                }
            }
        }
    }
}
