package org.jgrad.autograd;

import static org.jgrad.autograd.OpSpec.arrays;
import static org.jgrad.autograd.OpSpec.randn;
import static org.jgrad.autograd.OpSpec.randnStrided;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.Pool2dParams;

/**
 * Gradient-check rows for {@link ConvOps}. Sizes stay small (GradCheck runs two forwards per input
 * element). Max-pool inputs are random normals, so no window has a tie.
 */
final class ConvSpecs {
    private ConvSpecs() {}

    static List<OpSpec> specs() {
        List<OpSpec> s = new ArrayList<>();
        // conv2d: x (N, Cin, H, W), w (Cout, Cin/groups, kH, kW), bias (Cout)
        conv(s, "3x3 bias", 201, new int[] {2, 2, 5, 5}, new int[] {3, 2, 3, 3}, true, Conv2dParams.DEFAULT);
        conv(s, "3x3 no bias", 204, new int[] {2, 2, 5, 5}, new int[] {3, 2, 3, 3}, false, Conv2dParams.DEFAULT);
        conv(s, "stride 2 padding 1", 207, new int[] {2, 2, 6, 6}, new int[] {2, 2, 3, 3}, true, Conv2dParams.DEFAULT.stride(2).padding(1));
        conv(s, "dilation 2", 210, new int[] {2, 1, 6, 6}, new int[] {2, 1, 2, 2}, true, Conv2dParams.DEFAULT.dilation(2));
        conv(s, "groups 2", 213, new int[] {2, 4, 4, 4}, new int[] {4, 2, 2, 2}, true, Conv2dParams.DEFAULT.padding(1).groups(2));
        conv(s, "depthwise", 216, new int[] {2, 3, 5, 5}, new int[] {3, 1, 3, 3}, false, Conv2dParams.DEFAULT.padding(1).groups(3));
        conv(s, "non-square 2x3 kernel, stride (2,1), padding (0,1)", 219, new int[] {2, 2, 5, 6}, new int[] {2, 2, 2, 3}, true,
                Conv2dParams.DEFAULT.stride(2, 1).padding(0, 1));
        conv(s, "1x1", 222, new int[] {2, 3, 3, 3}, new int[] {2, 3, 1, 1}, true, Conv2dParams.DEFAULT);
        s.add(OpSpec.of("conv2d", "strided input", () -> arrays(randnStrided(225, 2, 2, 4, 4), randn(226, 2, 2, 3, 3)), 2,
                t -> t[0].conv2d(t[1], null, Conv2dParams.DEFAULT)));
        s.add(new OpSpec("conv2d", "input constant (first layer)", () -> arrays(randn(227, 2, 2, 4, 4), randn(228, 2, 2, 3, 3), randn(229, 2)),
                new boolean[] {false, true, true}, t -> t[0].conv2d(t[1], t[2], Conv2dParams.DEFAULT.padding(1))));
        s.add(new OpSpec("conv2d", "weight constant", () -> arrays(randn(230, 2, 2, 4, 4), randn(231, 2, 2, 3, 3)),
                new boolean[] {true, false}, t -> t[0].conv2d(t[1], null, Conv2dParams.DEFAULT)));

        // conv2d_weight_grad (conv2d's weight gradient as an op, for its double backward): x (N, Cin, H, W), G (N, Cout, OH, OW)
        s.add(OpSpec.of("conv2d_weight_grad", "stride 2 padding 1", () -> arrays(randn(232, 2, 2, 6, 6), randn(233, 2, 3, 3, 3)), 2,
                t -> ConvOps.conv2dWeightGrad(t[0], t[1], new int[] {3, 2, 3, 3}, Conv2dParams.DEFAULT.stride(2).padding(1))));
        s.add(OpSpec.of("conv2d_weight_grad", "groups 2", () -> arrays(randn(234, 2, 4, 4, 4), randn(235, 2, 4, 5, 5)), 2,
                t -> ConvOps.conv2dWeightGrad(t[0], t[1], new int[] {4, 2, 2, 2}, Conv2dParams.DEFAULT.padding(1).groups(2))));

        // conv_transpose2d: x (N, Cin, H, W), w (Cin, Cout/groups, kH, kW), bias (Cout)
        convT(s, "3x3 bias", 260, new int[] {2, 2, 3, 3}, new int[] {2, 3, 3, 3}, true, Conv2dParams.DEFAULT, 0, 0);
        convT(s, "2x2 stride 2 no bias", 263, new int[] {2, 3, 3, 3}, new int[] {3, 2, 2, 2}, false, Conv2dParams.DEFAULT.stride(2), 0, 0);
        convT(s, "3x3 stride 2 padding 1 output padding 1", 266, new int[] {1, 2, 3, 3}, new int[] {2, 2, 3, 3}, true,
                Conv2dParams.DEFAULT.stride(2).padding(1), 1, 1);
        convT(s, "dilation 2", 269, new int[] {2, 1, 3, 3}, new int[] {1, 2, 2, 2}, true, Conv2dParams.DEFAULT.dilation(2), 0, 0);
        convT(s, "groups 2", 272, new int[] {1, 4, 3, 3}, new int[] {4, 1, 2, 2}, true, Conv2dParams.DEFAULT.padding(1).groups(2), 0, 0);
        convT(s, "non-square 2x3 kernel, stride (2,1), padding (0,1), output padding (1,0)", 275, new int[] {2, 2, 3, 4},
                new int[] {2, 2, 2, 3}, true, Conv2dParams.DEFAULT.stride(2, 1).padding(0, 1), 1, 0);
        s.add(OpSpec.of("conv_transpose2d", "strided input", () -> arrays(randnStrided(278, 2, 2, 3, 3), randn(279, 2, 2, 2, 2)), 2,
                t -> t[0].convTranspose2d(t[1], null, Conv2dParams.DEFAULT.stride(2))));

        pool(s, "max_pool2d", "2x2 stride 2", 240, new int[] {2, 2, 4, 4}, Pool2dParams.kernel(2));
        pool(s, "max_pool2d", "3x3 stride 1 (overlapping)", 241, new int[] {2, 2, 5, 5}, Pool2dParams.kernel(3).stride(1));
        pool(s, "max_pool2d", "3x3 stride 2 padding 1", 242, new int[] {2, 2, 6, 6}, Pool2dParams.kernel(3).stride(2).padding(1));
        pool(s, "max_pool2d", "2x3 kernel, stride (1,2)", 243, new int[] {2, 2, 5, 6}, Pool2dParams.kernel(2, 3).stride(1, 2));
        pool(s, "max_pool2d", "dilation 2", 244, new int[] {2, 2, 6, 6}, Pool2dParams.kernel(2).stride(1).dilation(2));
        s.add(OpSpec.of("max_pool2d", "strided input", () -> arrays(randnStrided(245, 2, 2, 4, 4)), 1,
                t -> t[0].maxPool2d(Pool2dParams.kernel(2))));

        pool(s, "max_pool2d", "ceil mode, 3x3 stride 2 padding 1 (a partial last window)", 246, new int[] {2, 2, 6, 7},
                Pool2dParams.kernel(3).stride(2).padding(1).ceilMode(true));
        pool(s, "max_pool2d", "ceil mode, 2x2 stride 2, odd input", 247, new int[] {1, 2, 5, 5}, Pool2dParams.kernel(2).ceilMode(true));

        pool(s, "avg_pool2d", "ceil mode, 3x3 stride 2 padding 1, pad counted", 255, new int[] {2, 2, 6, 7},
                Pool2dParams.kernel(3).stride(2).padding(1).ceilMode(true));
        pool(s, "avg_pool2d", "ceil mode, 3x3 stride 2 padding 1, pad not counted", 256, new int[] {2, 2, 6, 7},
                Pool2dParams.kernel(3).stride(2).padding(1).ceilMode(true).countIncludePad(false));
        pool(s, "avg_pool2d", "ceil mode, 2x2 stride 2, odd input", 257, new int[] {1, 2, 5, 5}, Pool2dParams.kernel(2).ceilMode(true));
        pool(s, "avg_pool2d", "2x2 stride 2", 250, new int[] {2, 2, 4, 4}, Pool2dParams.kernel(2));
        pool(s, "avg_pool2d", "3x3 stride 1 (overlapping)", 251, new int[] {2, 2, 5, 5}, Pool2dParams.kernel(3).stride(1));
        pool(s, "avg_pool2d", "3x3 stride 2 padding 1, pad counted", 252, new int[] {2, 2, 6, 6}, Pool2dParams.kernel(3).stride(2).padding(1));
        pool(s, "avg_pool2d", "3x3 stride 2 padding 1, pad not counted", 253, new int[] {2, 2, 6, 6},
                Pool2dParams.kernel(3).stride(2).padding(1).countIncludePad(false));
        pool(s, "avg_pool2d", "2x3 kernel, stride (1,2)", 254, new int[] {2, 2, 5, 6}, Pool2dParams.kernel(2, 3).stride(1, 2));
        return s;
    }

    private static void conv(List<OpSpec> s, String variant, long seed, int[] x, int[] w, boolean bias, Conv2dParams p) {
        if (bias)
            s.add(OpSpec.of("conv2d", variant, () -> arrays(randn(seed, x), randn(seed + 1, w), randn(seed + 2, w[0])), 3,
                    t -> t[0].conv2d(t[1], t[2], p)));
        else
            s.add(OpSpec.of("conv2d", variant, () -> arrays(randn(seed, x), randn(seed + 1, w)), 2, t -> t[0].conv2d(t[1], null, p)));
    }

    private static void convT(List<OpSpec> s, String variant, long seed, int[] x, int[] w, boolean bias, Conv2dParams p, int opH, int opW) {
        if (bias)
            s.add(OpSpec.of("conv_transpose2d", variant, () -> arrays(randn(seed, x), randn(seed + 1, w), randn(seed + 2, w[1] * p.groups())), 3,
                    t -> t[0].convTranspose2d(t[1], t[2], p.outputPadding(opH, opW))));
        else
            s.add(OpSpec.of("conv_transpose2d", variant, () -> arrays(randn(seed, x), randn(seed + 1, w)), 2,
                    t -> t[0].convTranspose2d(t[1], null, p.outputPadding(opH, opW))));
    }

    private static void pool(List<OpSpec> s, String op, String variant, long seed, int[] x, Pool2dParams p) {
        s.add(OpSpec.of(op, variant, () -> arrays(randn(seed, x)), 1,
                t -> op.equals("max_pool2d") ? t[0].maxPool2d(p) : t[0].avgPool2d(p)));
    }
}
