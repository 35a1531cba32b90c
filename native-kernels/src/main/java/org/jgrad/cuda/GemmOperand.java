package org.jgrad.cuda;

import org.jgrad.tensor.NDArray;

/**
 * How {@code matmul.cu}'s batched GEMM reads one operand: element (row, col) of the matrix of batch
 * z = (outer, inner) and summed batch s lies at
 * <pre>
 *   offset + outer·outerStride + inner·innerStride + s·sumStride + row·rowStride + col·colStride
 * </pre>
 * in its storage. Any strides work, so transposed and broadcast views are read in place. Packed
 * as the kernel's {@code Strided} with the strides in slots 0..4 (GEMM_OUTER .. GEMM_COL).
 */
record GemmOperand(int offset, int outerStride, int innerStride, int sumStride, int rowStride, int colStride) {

    /** The matrices of a (B, rows, cols) view, batched over B (stride 0 where broadcast). */
    static GemmOperand ofBatch(NDArray x) {
        return new GemmOperand(x.offset(), x.stride(0), 0, 0, x.stride(1), x.stride(2));
    }

    /**
     * Row-major (rows × rowLength) matrices of a dense array of samples, one per (sample, group):
     * a sample holds {@code rowsPerSample} rows of {@code rowLength}, a group {@code rowsPerGroup}
     * of them; batched with outer = sample, inner = group.
     */
    static GemmOperand perSampleAndGroup(int offset, int rowsPerSample, int rowsPerGroup, int rowLength) {
        return new GemmOperand(offset, rowsPerSample * rowLength, rowsPerGroup * rowLength, 0, rowLength, 1);
    }

    /** The same matrices transposed: rows and columns swap strides. */
    GemmOperand transposed() {
        return new GemmOperand(offset, outerStride, innerStride, sumStride, colStride, rowStride);
    }

    /** The outer batch becomes the summed one: C[inner] = Σ_s A[s, inner]·B[s, inner]. */
    GemmOperand outerSummed() {
        return new GemmOperand(offset, 0, innerStride, outerStride, rowStride, colStride);
    }

    /** The same layout starting {@code elements} further. */
    GemmOperand shifted(int elements) {
        return new GemmOperand(offset + elements, outerStride, innerStride, sumStride, rowStride, colStride);
    }

    /** The kernel's {@code Strided}: offset, then the five strides. */
    int[] packed() {
        return Layouts.strided(offset, new int[] {outerStride, innerStride, sumStride, rowStride, colStride});
    }
}
