package org.jgrad.cuda;

import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.DType;

/** Which elementwise kernels {@code elementwise.cu} instantiates; everything else is a {@link HostFallback}. */
final class ElementwiseCoverage {
    private ElementwiseCoverage() {}

    /** Arithmetic for int32, int64 and the floating dtypes (pow and div floating only); comparisons for every dtype. */
    static boolean hasBinaryKernel(BinaryOp op, DType compute) {
        if (op.kind() == BinaryOp.Kind.COMPARISON) return true;
        if (compute == DType.BOOL) return false;
        return compute.isFloating() || op != BinaryOp.POW;
    }
}
