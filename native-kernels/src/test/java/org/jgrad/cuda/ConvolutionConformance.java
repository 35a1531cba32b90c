package org.jgrad.cuda;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jgrad.cuda.BackendComparison.Output;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * conv2d and its two gradients over random geometries: stride, padding and dilation per axis,
 * non-square kernels, groups, strided operands; plus a large MNIST-like layer, and large half-type
 * layers for the tensor-core GEMMs and the column-budget chunking.
 */
public interface ConvolutionConformance extends Conformance {
    /** x (N, Cin, H, W), w (Cout, Cin/groups, kH, kW) and out (N, Cout, OH, OW) with the params. */
    record Geometry(int[] x, int[] w, int[] out, Conv2dParams p) {
        static Geometry random(RandomArrays r) {
            while (true) {
                int groups = 1 + r.rnd.nextInt(3), n = 1 + r.rnd.nextInt(2);
                int cin = groups * (1 + r.rnd.nextInt(3)), cout = groups * (1 + r.rnd.nextInt(3));
                int kh = 1 + r.rnd.nextInt(3), kw = 1 + r.rnd.nextInt(3);
                Conv2dParams p = Conv2dParams.DEFAULT.stride(1 + r.rnd.nextInt(2), 1 + r.rnd.nextInt(2)).padding(r.rnd.nextInt(3), r.rnd.nextInt(3)).dilation(1 + r.rnd.nextInt(2), 1 + r.rnd.nextInt(2)).groups(groups);
                int h = 1 + r.rnd.nextInt(9), w = 1 + r.rnd.nextInt(9);
                if (p.outH(h, kh) >= 1 && p.outW(w, kw) >= 1) return of(new int[] {n, cin, h, w}, new int[] {cout, cin / groups, kh, kw}, p);
            }
        }

        static Geometry large(boolean strided) {
            return of(new int[] {8, 16, 14, 14}, new int[] {32, 16, 3, 3}, Conv2dParams.DEFAULT.stride(strided ? 2 : 1).padding(1));
        }

        /**
         * The large half-type cases, whose GEMMs span several 64×64 tiles and 32-wide K slices of
         * the tensor-core kernel: 0, a 3×3 layer with groups, stride, padding and dilation differing
         * per axis (every pass one launch; the input gradient through col2im in float32); 1, a
         * grouped 1×1 layer (the shortcut without columns: all three passes in the half type); 2, a
         * 5×5 grouped, dilated, padded layer whose columns exceed {@link Im2colConvolution#COLUMN_BUDGET}
         * (26.2M per sample, two chunks: the forward chunked in the half type, the weight gradient
         * accumulated over chunks in float32).
         */
        static Geometry largeHalf(int c) {
            return switch (c) {
                case 0 -> of(new int[] {4, 64, 20, 18}, new int[] {96, 32, 3, 3}, Conv2dParams.DEFAULT.stride(2, 1).padding(2, 1).dilation(2, 1).groups(2));
                case 1 -> of(new int[] {4, 96, 12, 12}, new int[] {128, 48, 1, 1}, Conv2dParams.DEFAULT.groups(2));
                default -> of(new int[] {3, 16, 256, 256}, new int[] {16, 2, 5, 5}, Conv2dParams.DEFAULT.padding(4, 2).dilation(2, 1).groups(8));
            };
        }

        static Geometry of(int[] x, int[] w, Conv2dParams p) {
            return new Geometry(x, w, new int[] {x[0], w[0], p.outH(x[2], w[2]), p.outW(x[3], w[3])}, p);
        }
    }

    String[] OPS = {"conv2d", "conv2d_input_grad", "conv2d_weight_grad"};

    /** The large half-type cases per op and dtype ({@link Geometry#largeHalf}). */
    int LARGE_HALF = 3;

    static Stream<Arguments> cases() {
        Stream<Arguments> largeHalf = Arrays.stream(OPS).flatMap(op -> Stream.of(DType.FLOAT16, DType.BFLOAT16)
                .flatMap(t -> IntStream.range(0, LARGE_HALF).mapToObj(c -> Arguments.of(op, t, c, true))));
        return Stream.concat(Conformance.cases(OPS, op -> FLOATS, 6, 2), largeHalf);
    }

    @ParameterizedTest(name = "{0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.ConvolutionConformance#cases")
    default void convolution(String op, DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed(op, dtype.ordinal(), c, large ? 1 : 0));
        Geometry g = !large ? Geometry.random(r) : dtype.isHalf() ? Geometry.largeHalf(c) : Geometry.large(c == 1);
        Conv2dParams p = g.p();
        NDArray x = r.array(g.x(), dtype, r.layout(), false).array();
        NDArray w = r.array(g.w(), dtype, r.layout(), false).array();
        NDArray gradOut = r.array(g.out(), dtype, r.layout(), false).array();
        String what = op + " " + dtype + " x" + Arrays.toString(g.x()) + " w" + Arrays.toString(g.w()) + " " + p;
        switch (op) {
            case "conv2d" -> compare().check(what, (b, in, out) -> b.conv2d(in[0], in[1], p, out[0]), List.of(x, w),
                    List.of(Output.of(dtype, g.out())), 4, true);
            case "conv2d_input_grad" -> compare().check(what, (b, in, out) -> b.conv2dInputGrad(in[0], in[1], p, out[0]), List.of(gradOut, w),
                    List.of(Output.of(dtype, g.x())), 4, true);
            default -> compare().check(what, (b, in, out) -> b.conv2dWeightGrad(in[0], in[1], p, out[0]), List.of(x, gradOut),
                    List.of(Output.of(dtype, g.w())), 4, true);
        }
    }
}
