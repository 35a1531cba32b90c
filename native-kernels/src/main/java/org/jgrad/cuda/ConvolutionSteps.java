package org.jgrad.cuda;

/**
 * The device operations {@link Im2colConvolution} is built from, on buffers of type {@code B}
 * holding one floating dtype: the kernels of {@code conv.cu} and {@code matmul.cu} on the device
 * ({@link CudaConvolution}), or their plain-Java twins in the tests. Offsets are in elements.
 */
interface ConvolutionSteps<B> {
    /** A scratch buffer of {@code elements} elements (contents undefined). */
    B scratch(int elements);

    /** Returns a scratch buffer; work already enqueued on it still completes first. */
    void release(B buffer);

    /** conv2d_im2col: the column buffer (planes, kH, kW, outH, outW) of the dense planes of x from {@code xOffset}. */
    void im2col(B x, int xOffset, B columns, int[] window, int planes);

    /** conv2d_col2im: overwrites the dense planes of gradX from {@code gradXOffset} with the adjoint of im2col. */
    void col2im(B columns, B gradX, int gradXOffset, int[] window, int planes);

    /** matmul: C = (accumulate ? C : 0) + Σ_s A·B per batch, operands as {@link GemmOperand} describes. */
    void gemm(B a, GemmOperand al, B b, GemmOperand bl, B c, GemmOperand cl, GemmSize size, boolean accumulate);
}
