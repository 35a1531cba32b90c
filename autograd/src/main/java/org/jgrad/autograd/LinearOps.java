package org.jgrad.autograd;

import java.util.Arrays;
import java.util.List;
import org.jgrad.tensor.NDArray;

/** Matrix products (matmul, batched): forward and backward side by side. */
final class LinearOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("matmul");

    private LinearOps() {}

    /**
     * C = A·B with NumPy's rules (see {@link NDArray#matmul}). For one matrix product
     * C<sub>ij</sub> = Σ<sub>k</sub> A<sub>ik</sub> B<sub>kj</sub>, so
     * ∂L/∂A<sub>ik</sub> = Σ<sub>j</sub> G<sub>ij</sub> B<sub>kj</sub> and
     * ∂L/∂B<sub>kj</sub> = Σ<sub>i</sub> A<sub>ik</sub> G<sub>ij</sub>, i.e.
     * <pre>dA = G·Bᵀ,  dB = Aᵀ·G</pre>
     * taken batch by batch. The backward then undoes the forward's shape rules in reverse:
     * <ul>
     *   <li>a 1-D operand was promoted to a matrix ((K) → (1, K) on the left, (K) → (K, 1) on the
     *       right) and the added axis dropped from C, so G gets that axis back before the products
     *       and the operand's gradient loses it after;</li>
     *   <li>batch axes were broadcast, so each operand's gradient is summed over the batch copies
     *       it fed ({@link Gradients#sumTo}).</li>
     * </ul>
     * Under {@link Autocast} both operands are cast to its low dtype first.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        return matmulIn(Autocast.lowPrecision(a), Autocast.lowPrecision(b));
    }

    /** {@link #matmul} on operands already in the dtype the autocast policy chose. */
    private static Tensor matmulIn(Tensor a, Tensor b) {
        NDArray ad = a.data(), bd = b.data();
        NDArray y = ad.matmul(bd);
        boolean aVector = ad.rank() == 1, bVector = bd.rank() == 1;
        NDArray left = aVector ? ad.unsqueeze(0) : ad, right = bVector ? bd.unsqueeze(1) : bd;
        int[] fullShape = promotedOutputShape(y.shape(), aVector, bVector, left.shape(-2), right.shape(-1));
        return Tensor.record("matmul", y, new Tensor[] {a, b}, (g, needs) -> {
            NDArray gFull = g.reshape(fullShape);          // (batch…, M, N): the promoted axes put back
            NDArray da = null, db = null;
            if (needs[0]) {
                NDArray full = gFull.matmul(right.mT());  // (batch…, M, K)
                da = Gradients.sumTo(aVector ? full.squeeze(-2) : full, a);
            }
            if (needs[1]) {
                NDArray full = left.mT().matmul(gFull);   // (batch…, K, N)
                db = Gradients.sumTo(bVector ? full.squeeze(-1) : full, b);
            }
            return new NDArray[] {da, db};
        }, (g, needs) -> {                                   // the same in tensor ops: the double backward
            Tensor gFull = g.reshape(fullShape);
            Tensor l = aVector ? a.unsqueeze(0) : a, r = bVector ? b.unsqueeze(1) : b;
            Tensor da = null, db = null;
            if (needs[0]) {
                Tensor full = gFull.matmul(r.mT());
                da = Gradients.sumTo(aVector ? full.squeeze(-2) : full, a);
            }
            if (needs[1]) {
                Tensor full = l.mT().matmul(gFull);
                db = Gradients.sumTo(bVector ? full.squeeze(-1) : full, b);
            }
            return new Tensor[] {da, db};
        }, ad, bd);
    }

    /**
     * The shape of C before the 1-D promotions' axes were dropped: (batch…, M, N). The forward's
     * result y is (batch…, M, N) less the M axis when a was 1-D and less the N axis when b was.
     */
    private static int[] promotedOutputShape(int[] yShape, boolean aVector, boolean bVector, int m, int n) {
        int batchRank = yShape.length - (aVector ? 0 : 1) - (bVector ? 0 : 1);
        int[] full = Arrays.copyOf(yShape, batchRank + 2);
        full[batchRank] = m;
        full[batchRank + 1] = n;
        return full;
    }
}
