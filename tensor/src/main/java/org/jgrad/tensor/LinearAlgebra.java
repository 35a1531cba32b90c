package org.jgrad.tensor;

import java.util.Arrays;

/** Matrix products on top of the backend's batched {@link Backend#matmul}. */
final class LinearAlgebra {
    private LinearAlgebra() {}

    /**
     * NumPy's matmul: a 1-D left operand becomes (1, K) and a 1-D right operand (K, 1), and the
     * added axis is dropped from the result; for rank ≥ 2 the last two axes are multiplied,
     * (…, M, K)·(…, K, N) → (…, M, N), and the leading batch axes broadcast.
     */
    static NDArray matmul(NDArray a, NDArray b) {
        a.requireSameDevice("matmul", b);
        if (a.rank() == 0 || b.rank() == 0)
            throw new IllegalArgumentException("matmul: both operands need at least 1 dimension, got " + Shapes.format(a.shape()) + " and " + Shapes.format(b.shape()));
        DType t = DType.promote(a.dtype(), b.dtype());
        if (!t.isFloating())
            throw new IllegalArgumentException("matmul: needs floating operands, got " + a.dtype() + " and " + b.dtype());
        NDArray left = a.rank() == 1 ? a.unsqueeze(0) : a, right = b.rank() == 1 ? b.unsqueeze(1) : b;
        int m = left.shape(-2), k = left.shape(-1), k2 = right.shape(-2), n = right.shape(-1);
        if (k != k2)
            throw new IllegalArgumentException("matmul: inner dimensions differ: a=" + Shapes.format(a.shape()) + " b=" + Shapes.format(b.shape()));
        int[] batch = Shapes.broadcast("matmul", batchShape(left), batchShape(right));
        int batchSize = Shapes.numel(batch);
        NDArray l3 = flattenBatch(left.to(t), batch, m, k, batchSize), r3 = flattenBatch(right.to(t), batch, k, n, batchSize);
        NDArray out = NDArray.zeros(t, a.device(), batchSize, m, n);
        a.backend().matmul(l3, r3, out);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        NDArray result = out.reshape(outShape);
        if (a.rank() == 1) result = result.squeeze(-2); // M first: with two vectors (1, 1) → (1) → ()
        if (b.rank() == 1) result = result.squeeze(-1);
        return result;
    }

    private static int[] batchShape(NDArray x) {
        return Arrays.copyOf(x.shape(), x.rank() - 2);
    }

    /** (batch…, rows, cols) as (B, rows, cols), a view where the layout allows (broadcast batches keep stride 0). */
    private static NDArray flattenBatch(NDArray x, int[] batch, int rows, int cols, int batchSize) {
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        if (batch.length == 0) return x.reshape(1, rows, cols);
        NDArray expanded = x.broadcastTo(full);
        if (batch.length == 1) return expanded;
        if (Shapes.numel(batchShape(x)) == 1) // one matrix shared by every batch: stride 0 over the batch
            return x.reshape(1, rows, cols).expand(batchSize, rows, cols);
        return expanded.reshape(batchSize, rows, cols);
    }
}
