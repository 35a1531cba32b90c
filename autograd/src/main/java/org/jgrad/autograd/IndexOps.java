package org.jgrad.autograd;

import java.util.Arrays;
import java.util.List;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * gather, index_select, scatter_add: forward and backward side by side. The index arguments are
 * integer {@link NDArray}s, not differentiable. Indices may repeat, so every backward that sends
 * gradients back through an index accumulates them ({@link NDArray#scatterAdd}) rather than
 * writing them.
 */
final class IndexOps {
    /** The ops of this family that record a backward (checked against the gradient-check table). */
    static final List<String> DIFFERENTIABLE = List.of("gather", "index_select", "scatter_add");

    private IndexOps() {}

    /**
     * y[p] = x[p with coordinate {@code axis} replaced by index[p]], for every position p of the
     * index. Each y[p] is a copy of one x element, so dx[q] = Σ<sub>p : p → q</sub> G[p]: G
     * scatter-added into zeros of x's shape along {@code axis} with the same index.
     */
    static Tensor gather(Tensor x, int axis, NDArray index) {
        int[] xShape = x.shape();
        return Tensor.record("gather", x.data().gather(axis, index), new Tensor[] {x},
                (g, needs) -> new NDArray[] {zeros(g, xShape).scatterAdd(axis, index, g)}, index);
    }

    /**
     * y.select(axis, i) = x.select(axis, index[i]) for a 1-D index of length n. So
     * dx.select(axis, k) = Σ<sub>i : index[i] = k</sub> G.select(axis, i) (index_add): a scatter-add
     * of G into zeros of x's shape with the index laid along {@code axis} and expanded to G's shape.
     */
    static Tensor indexSelect(Tensor x, int axis, NDArray index) {
        NDArray y = x.data().indexSelect(axis, index);
        int[] xShape = x.shape();
        int a = Shapes.normalizeAxis("index_select", axis, x.rank());
        return Tensor.record("index_select", y, new Tensor[] {x}, (g, needs) -> {
            int[] along = new int[g.rank()];
            Arrays.fill(along, 1);
            along[a] = index.numel();
            NDArray expanded = index.reshape(along).expand(g.shape());
            return new NDArray[] {zeros(g, xShape).scatterAdd(a, expanded, g)};
        }, index);
    }

    /**
     * y = self with y[p with coordinate {@code axis} replaced by index[p]] += src[p] for every
     * position p of the index (src may be larger than the index; its extra entries are unused).
     * y is self plus a sum of src entries, so dself = G, and dsrc[p] = G[p with axis coordinate
     * index[p]] = G.gather(axis, index)[p] where p lies in the index, 0 elsewhere.
     */
    static Tensor scatterAdd(Tensor self, int axis, NDArray index, Tensor src) {
        NDArray y = self.data().scatterAdd(axis, index, src.data());
        int[] srcShape = src.shape();
        return Tensor.record("scatter_add", y, new Tensor[] {self, src}, (g, needs) -> {
            NDArray dSelf = needs[0] ? g.to(self.dtype()) : null, dSrc = null;
            if (needs[1]) {
                NDArray picked = g.gather(axis, index);
                if (Arrays.equals(picked.shape(), srcShape)) dSrc = picked.to(src.dtype());
                else {
                    dSrc = NDArray.zeros(src.dtype(), g.device(), srcShape);
                    NDArray region = dSrc;
                    for (int d = 0; d < srcShape.length; d++) region = region.narrow(d, 0, picked.shape(d));
                    region.assign(picked);
                }
            }
            return new NDArray[] {dSelf, dSrc};
        }, index);
    }

    private static NDArray zeros(NDArray like, int[] shape) {
        return NDArray.zeros(like.dtype(), like.device(), shape);
    }
}
