package org.jgrad.tensor;

/** Shape checks and output allocation for conv2d and pooling; the arithmetic is the backend's. */
public final class Convolutions {
    private Convolutions() {}

    /** conv2d without bias: x (N, Cin, H, W), w (Cout, Cin/groups, kH, kW) → (N, Cout, OH, OW). */
    static NDArray conv2d(NDArray x, NDArray w, Conv2dParams p) {
        if (p.hasOutputPadding())
            throw new IllegalArgumentException("conv2d: output padding (" + p.outputPadH() + ", " + p.outputPadW()
                    + ") applies only to conv_transpose2d; input " + Shapes.format(x.shape()) + ", weight " + Shapes.format(w.shape()));
        int[] outShape = conv2dOutputShape(x.shape(), w.shape(), p);
        x.requireSameDevice("conv2d", w);
        DType t = floatingType("conv2d", x, w);
        NDArray out = NDArray.empty(t, x.device(), outShape);
        if (out.numel() > 0) x.backend().conv2d(x.to(t), w.to(t), p, out);
        return out;
    }

    /** dL/dx of conv2d, of shape {@code inputShape}. */
    public static NDArray conv2dInputGrad(NDArray gradOut, NDArray w, int[] inputShape, Conv2dParams p) {
        checkGradShape("conv2d_input_grad", gradOut, conv2dOutputShape(inputShape, w.shape(), p));
        gradOut.requireSameDevice("conv2d_input_grad", w);
        DType t = floatingType("conv2d_input_grad", gradOut, w);
        NDArray gradX = NDArray.empty(t, gradOut.device(), inputShape);
        if (gradOut.numel() > 0) gradOut.backend().conv2dInputGrad(gradOut.to(t), w.to(t), p, gradX);
        return gradX;
    }

    /** dL/dw of conv2d, of shape {@code weightShape}. */
    public static NDArray conv2dWeightGrad(NDArray x, NDArray gradOut, int[] weightShape, Conv2dParams p) {
        checkGradShape("conv2d_weight_grad", gradOut, conv2dOutputShape(x.shape(), weightShape, p));
        x.requireSameDevice("conv2d_weight_grad", gradOut);
        DType t = floatingType("conv2d_weight_grad", x, gradOut);
        NDArray gradW = NDArray.zeros(t, x.device(), weightShape);
        if (gradOut.numel() > 0) x.backend().conv2dWeightGrad(x.to(t), gradOut.to(t), p, gradW);
        return gradW;
    }

    /** The output shape of conv2d, or an error naming every offending size. */
    public static int[] conv2dOutputShape(int[] x, int[] w, Conv2dParams p) {
        if (x.length != 4 || w.length != 4)
            throw new IllegalArgumentException("conv2d: expected input (N, Cin, H, W) and weight (Cout, Cin/groups, kH, kW), got "
                    + Shapes.format(x) + " and " + Shapes.format(w));
        int g = p.groups();
        if (x[1] % g != 0 || w[0] % g != 0)
            throw new IllegalArgumentException("conv2d: input channels " + x[1] + " and output channels " + w[0]
                    + " must both be divisible by groups " + g);
        if (w[1] != x[1] / g)
            throw new IllegalArgumentException("conv2d: weight " + Shapes.format(w) + " expects " + w[1] * g + " input channels with groups "
                    + g + ", but input " + Shapes.format(x) + " has " + x[1]);
        int oh = p.outH(x[2], w[2]), ow = p.outW(x[3], w[3]);
        if (oh < 1 || ow < 1)
            throw new IllegalArgumentException("conv2d: kernel (" + w[2] + ", " + w[3] + ") with " + p + " does not fit input "
                    + Shapes.format(x) + " (output would be " + oh + "×" + ow + ")");
        return new int[] {x[0], w[0], oh, ow};
    }

    /** Max pooling: {values, int64 indices}. */
    static NDArray[] maxPool2d(NDArray x, Pool2dParams p) {
        int[] outShape = poolOutputShape("max_pool2d", x, p);
        NDArray out = NDArray.zeros(x.dtype(), x.device(), outShape);
        NDArray indices = NDArray.zeros(DType.INT64, x.device(), outShape);
        if (out.numel() > 0) x.backend().maxPool2d(x, p, out, indices);
        return new NDArray[] {out, indices};
    }

    /** Gradient of max pooling with respect to an input of {@code inputShape}. */
    public static NDArray maxPool2dBackward(NDArray gradOut, NDArray indices, int[] inputShape, Pool2dParams p) {
        gradOut.requireFloating("max_pool2d_backward");
        NDArray gradX = NDArray.zeros(gradOut.dtype(), gradOut.device(), inputShape);
        checkGradShape("max_pool2d_backward", gradOut, poolOutputShape("max_pool2d_backward", gradX, p));
        checkGradShape("max_pool2d_backward", indices, gradOut.shape());
        if (gradOut.numel() > 0) gradOut.backend().maxPool2dBackward(gradOut, indices, p, gradX);
        return gradX;
    }

    static NDArray avgPool2d(NDArray x, Pool2dParams p) {
        int[] outShape = poolOutputShape("avg_pool2d", x, p);
        NDArray out = NDArray.zeros(x.dtype(), x.device(), outShape);
        if (out.numel() > 0) x.backend().avgPool2d(x, p, out);
        return out;
    }

    /** Gradient of average pooling with respect to an input of {@code inputShape}. */
    public static NDArray avgPool2dBackward(NDArray gradOut, int[] inputShape, Pool2dParams p) {
        gradOut.requireFloating("avg_pool2d_backward");
        NDArray gradX = NDArray.zeros(gradOut.dtype(), gradOut.device(), inputShape);
        checkGradShape("avg_pool2d_backward", gradOut, poolOutputShape("avg_pool2d_backward", gradX, p));
        if (gradOut.numel() > 0) gradOut.backend().avgPool2dBackward(gradOut, p, gradX);
        return gradX;
    }

    private static int[] poolOutputShape(String op, NDArray x, Pool2dParams p) {
        x.requireFloating(op);
        int[] s = x.shape();
        if (s.length != 4) throw new IllegalArgumentException(op + ": expected input (N, C, H, W), got " + Shapes.format(s));
        int oh = p.outH(s[2]), ow = p.outW(s[3]);
        if (oh < 1 || ow < 1)
            throw new IllegalArgumentException(op + ": window (" + p.kH() + ", " + p.kW() + ") does not fit input " + Shapes.format(s)
                    + " (output would be " + oh + "×" + ow + ")");
        return new int[] {s[0], s[1], oh, ow};
    }

    private static DType floatingType(String op, NDArray a, NDArray b) {
        DType t = DType.promote(a.dtype(), b.dtype());
        if (!t.isFloating()) throw new IllegalArgumentException(op + ": needs floating operands, got " + a.dtype() + " and " + b.dtype());
        return t;
    }

    private static void checkGradShape(String op, NDArray grad, int[] expected) {
        if (!java.util.Arrays.equals(grad.shape(), expected))
            throw new IllegalArgumentException(op + ": expected an array of shape " + Shapes.format(expected) + ", got " + Shapes.format(grad.shape()));
    }
}
