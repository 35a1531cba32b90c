package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Init;
import org.jgrad.nn.Module;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of x (N, Cin, H, W):
 * <pre>
 * y[n, o, i, j] = b[o] + Σ_{c, u, v} W[o, c, u, v] · x[n, g(o)·Cin/G + c, i·s + u·d − p, j·s + v·d − p]
 * </pre>
 * with W of shape (Cout, Cin/G, kH, kW), b of shape (Cout), G groups (output channel o belongs to
 * group g(o) = o / (Cout/G) and sees only that group's Cin/G input channels) and x read as 0
 * outside its bounds. The output is (N, Cout, OH, OW) with
 * OH = ⌊(H + 2·pH − dH·(kH − 1) − 1) / sH⌋ + 1 (and likewise OW).
 *
 * <p>Initialized as PyTorch: W and b uniform on ±1/√fan_in with fan_in = (Cin/G)·kH·kW.
 */
public final class Conv2d extends Module {
    private final int in, out, kH, kW;
    private final Conv2dParams params;
    private final Tensor weight, bias;

    /** Stride 1, no padding, with bias, from the global generator. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, 1, 0);
    }

    /** Square kernel, stride and padding, with bias, from the global generator. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, kernel, stride, padding, 1, 1, true, Generator.global());
    }

    /** Square kernel and equal stride, padding and dilation on both axes. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups, boolean bias, Generator g) {
        this(inChannels, outChannels, kernel, kernel, Conv2dParams.DEFAULT.stride(stride).padding(padding).dilation(dilation).groups(groups), bias, g);
    }

    /** The general form: a kH × kW kernel and per-axis stride, padding and dilation in {@code params}. */
    public Conv2d(int inChannels, int outChannels, int kH, int kW, Conv2dParams params, boolean bias, Generator g) {
        if (inChannels < 1 || outChannels < 1 || kH < 1 || kW < 1)
            throw new IllegalArgumentException("Conv2d: channels and kernel sizes must be >= 1, got in=" + inChannels + " out="
                    + outChannels + " kernel=" + kH + "×" + kW);
        int groups = params.groups();
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new IllegalArgumentException("Conv2d: in=" + inChannels + " and out=" + outChannels
                    + " channels must both be divisible by groups=" + groups);
        this.in = inChannels;
        this.out = outChannels;
        this.kH = kH;
        this.kW = kW;
        this.params = params;
        int[] wShape = {outChannels, inChannels / groups, kH, kW};
        this.weight = registerParameter("weight", Init.defaultWeight(g, wShape));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(g, Init.fanIn(wShape), outChannels)) : null;
    }

    public Tensor weight() { return weight; }
    public Tensor bias() { return bias; }
    public Conv2dParams params() { return params; }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.shape(1) != in)
            throw new IllegalArgumentException(name() + ": expected input (N, " + in + ", H, W), got " + Shapes.format(x.shape())
                    + " (weight " + Shapes.format(weight.shape()) + ")");
        int oh = params.outH(x.shape(2), kH), ow = params.outW(x.shape(3), kW);
        if (oh < 1 || ow < 1)
            throw new IllegalArgumentException(name() + ": input " + Shapes.format(x.shape()) + " is too small for weight "
                    + Shapes.format(weight.shape()) + " (output would be " + oh + "×" + ow + ")");
        requireInputDType(x);
        return Functional.conv2d(x, weight, bias, params);
    }

    private String name() {
        return "Conv2d(" + extraRepr() + ")";
    }

    @Override
    protected String extraRepr() {
        return "in=" + in + ", out=" + out + ", kernel=" + kH + "×" + kW + ", stride=(" + params.strideH() + ", " + params.strideW()
                + "), padding=(" + params.padH() + ", " + params.padW() + "), dilation=(" + params.dilationH() + ", " + params.dilationW()
                + "), groups=" + params.groups() + ", bias=" + (bias != null);
    }
}
