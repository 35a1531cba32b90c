package org.jgrad.tensor;

/** When can a reshape be a view? The rule PyTorch's {@code view} follows, as a pure function. */
final class ViewStrides {
    private ViewStrides() {}

    /**
     * Strides that show the elements of (oldShape, oldStrides) in row-major order as newShape, or
     * null when no strides can. Old axes are grouped into chunks that are contiguous among
     * themselves ({@code stride[i] == stride[i+1] · size[i+1]}); each chunk must be split into
     * whole new axes, which then get strides that step through the chunk row-major.
     */
    static int[] forReshape(int[] oldShape, int[] oldStrides, int[] newShape) {
        if (Shapes.numel(oldShape) == 0 || oldShape.length == 0) return Shapes.contiguousStrides(newShape);
        int[] newStrides = new int[newShape.length];
        int viewAxis = newShape.length - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long chunkNumel = 1, viewNumel = 1;
        for (int axis = oldShape.length - 1; axis >= 0; axis--) {
            chunkNumel *= oldShape[axis];
            boolean chunkEnds = axis == 0
                    || (oldShape[axis - 1] != 1 && oldStrides[axis - 1] != chunkNumel * chunkBaseStride);
            if (!chunkEnds) continue;
            while (viewAxis >= 0 && (viewNumel < chunkNumel || newShape[viewAxis] == 1)) {
                newStrides[viewAxis] = (int) (viewNumel * chunkBaseStride);
                viewNumel *= newShape[viewAxis];
                viewAxis--;
            }
            if (viewNumel != chunkNumel) return null;
            if (axis > 0) {
                chunkBaseStride = oldStrides[axis - 1];
                chunkNumel = 1;
                viewNumel = 1;
            }
        }
        return viewAxis == -1 ? newStrides : null;
    }
}
