package org.jgrad.nn.layers;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Functional;
import org.jgrad.nn.Init;
import org.jgrad.nn.Module;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * 2-D transposed convolution ("deconvolution") of x (N, Cin, H, W), the adjoint of {@link Conv2d}
 * with the same hyperparameters: every input value scatters a weighted copy of the kernel,
 * <pre>
 * y[n, g(c)·Cout/G + o, i·s + u·d − p, j·s + v·d − p] += W[c, o, u, v] · x[n, c, i, j],   then y += b[o],
 * </pre>
 * with W of shape (Cin, Cout/G, kH, kW) as in PyTorch, b of shape (Cout), and positions that fall
 * outside y dropped. The output is (N, Cout, OH, OW) with
 * OH = (H − 1)·sH − 2·pH + dH·(kH − 1) + outputPaddingH + 1 (and likewise OW); the output
 * padding (below the stride or the dilation, and part of the params) resolves the ambiguity of a strided conv's input size.
 *
 * <p>Initialized as PyTorch: W and b uniform on ±1/√fan with fan = (Cout/G)·kH·kW, the fan_in
 * that PyTorch computes from W's shape.
 */
public final class ConvTranspose2d extends Module {
    private final int in, out, kH, kW;
    private final Conv2dParams params;
    private final Tensor weight, bias;

    /** Stride 1, no padding, with bias, from the global generator. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, 1, 0, 0);
    }

    /** Square kernel, stride, padding and output padding, with bias, from the global generator. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) {
        this(inChannels, outChannels, kernel, stride, padding, outputPadding, 1, 1, true, Generator.global());
    }

    /** Square kernel and the same stride, padding, output padding and dilation on both axes. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding,
                           int dilation, int groups, boolean bias, Generator g) {
        this(inChannels, outChannels, kernel, kernel, Conv2dParams.DEFAULT.stride(stride).padding(padding).dilation(dilation).groups(groups)
                .outputPadding(outputPadding), bias, g);
    }

    /**
     * A kH × kW kernel with the output padding given apart from {@code params}.
     *
     * @deprecated the output padding belongs in the params: {@code params.outputPadding(h, w)}.
     */
    @Deprecated
    public ConvTranspose2d(int inChannels, int outChannels, int kH, int kW, Conv2dParams params, int outputPadH, int outputPadW,
                           boolean bias, Generator g) {
        this(inChannels, outChannels, kH, kW, params.outputPadding(outputPadH, outputPadW), bias, g);
    }

    /** The general form: a kH × kW kernel and per-axis stride, padding, dilation, groups and output padding in {@code params}. */
    public ConvTranspose2d(int inChannels, int outChannels, int kH, int kW, Conv2dParams params, boolean bias, Generator g) {
        if (inChannels < 1 || outChannels < 1 || kH < 1 || kW < 1)
            throw new IllegalArgumentException("ConvTranspose2d: channels and kernel sizes must be >= 1, got in=" + inChannels + " out="
                    + outChannels + " kernel=" + kH + "×" + kW);
        int groups = params.groups();
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new IllegalArgumentException("ConvTranspose2d: in=" + inChannels + " and out=" + outChannels
                    + " channels must both be divisible by groups=" + groups);
        if (params.outputPadH() >= Math.max(params.strideH(), params.dilationH()) || params.outputPadW() >= Math.max(params.strideW(), params.dilationW()))
            throw new IllegalArgumentException("ConvTranspose2d: output padding must be smaller than either the stride or the dilation, got ("
                    + params.outputPadH() + ", " + params.outputPadW() + ") with stride (" + params.strideH() + ", " + params.strideW()
                    + ") and dilation (" + params.dilationH() + ", " + params.dilationW() + ")");
        this.in = inChannels;
        this.out = outChannels;
        this.kH = kH;
        this.kW = kW;
        this.params = params;
        int[] wShape = {inChannels, outChannels / groups, kH, kW};
        this.weight = registerParameter("weight", Init.defaultWeight(g, wShape));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(g, Init.fanIn(wShape), outChannels)) : null;
    }

    public Tensor weight() { return weight; }
    public Tensor bias() { return bias; }

    /** The output size along H for an input of height {@code h}. */
    public int outH(int h) {
        return (h - 1) * params.strideH() - 2 * params.padH() + params.dilationH() * (kH - 1) + params.outputPadH() + 1;
    }

    /** The output size along W for an input of width {@code w}. */
    public int outW(int w) {
        return (w - 1) * params.strideW() - 2 * params.padW() + params.dilationW() * (kW - 1) + params.outputPadW() + 1;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.shape(1) != in)
            throw new IllegalArgumentException(name() + ": expected input (N, " + in + ", H, W), got " + Shapes.format(x.shape())
                    + " (weight " + Shapes.format(weight.shape()) + ")");
        int oh = outH(x.shape(2)), ow = outW(x.shape(3));
        if (oh < 1 || ow < 1)
            throw new IllegalArgumentException(name() + ": input " + Shapes.format(x.shape()) + " with weight "
                    + Shapes.format(weight.shape()) + " gives an empty output (" + oh + "×" + ow + ")");
        requireInputDType(x);
        return Functional.convTranspose2d(x, weight, bias, params);
    }

    private String name() {
        return "ConvTranspose2d(" + extraRepr() + ")";
    }

    @Override
    protected String extraRepr() {
        return "in=" + in + ", out=" + out + ", kernel=" + kH + "×" + kW + ", stride=(" + params.strideH() + ", " + params.strideW()
                + "), padding=(" + params.padH() + ", " + params.padW() + "), outputPadding=(" + params.outputPadH() + ", " + params.outputPadW()
                + "), dilation=(" + params.dilationH() + ", " + params.dilationW() + "), groups=" + params.groups() + ", bias=" + (bias != null);
    }
}
