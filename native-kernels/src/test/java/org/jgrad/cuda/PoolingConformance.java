package org.jgrad.cuda;

import java.util.List;
import java.util.stream.Stream;
import org.jgrad.cuda.BackendComparison.Output;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.RandomArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max pooling (values and int64 indices) and average pooling, forward and backward, over random
 * windows (non-square, stride, padding up to half the window, dilation, countIncludePad, ceil mode) and
 * strided inputs; overlapping windows make the backward passes accumulate.
 */
public interface PoolingConformance extends Conformance {
    static Stream<Arguments> cases() {
        return Conformance.cases(new String[] {"max_pool2d", "max_pool2d_backward", "avg_pool2d", "avg_pool2d_backward"}, op -> FLOATS, 5, 2);
    }

    @ParameterizedTest(name = "{0} {1} case {2} large={3}")
    @MethodSource("org.jgrad.cuda.PoolingConformance#cases")
    default void pooling(String op, DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed(op, dtype.ordinal(), c, large ? 1 : 0));
        Pool2dParams p;
        int[] xs;
        if (large) {
            p = c == 0 ? Pool2dParams.kernel(2).stride(2) : Pool2dParams.kernel(3).stride(1).padding(1);
            xs = new int[] {8, 32, 28, 28};
        } else {
            do {
                int kh = 1 + r.rnd.nextInt(3), kw = 1 + r.rnd.nextInt(3), dilation = op.startsWith("max") ? 2 : 1; // average pooling has none
                p = Pool2dParams.kernel(kh, kw).stride(1 + r.rnd.nextInt(3), 1 + r.rnd.nextInt(3))
                        .padding(r.rnd.nextInt(kh / 2 + 1), r.rnd.nextInt(kw / 2 + 1)).dilation(1 + r.rnd.nextInt(dilation), 1 + r.rnd.nextInt(dilation))
                        .countIncludePad(r.rnd.nextBoolean()).ceilMode(r.rnd.nextBoolean());
                xs = new int[] {1 + r.rnd.nextInt(2), 1 + r.rnd.nextInt(3), 1 + r.rnd.nextInt(9), 1 + r.rnd.nextInt(9)};
            } while (p.outH(xs[2]) < 1 || p.outW(xs[3]) < 1);
        }
        Pool2dParams params = p;
        int[] os = {xs[0], xs[1], p.outH(xs[2]), p.outW(xs[3])};
        NDArray x = r.array(xs, dtype, r.layout(), false).array();
        NDArray gradOut = r.array(os, dtype, r.layout(), false).array();
        String what = op + " " + dtype + " x" + java.util.Arrays.toString(xs) + " " + p;
        switch (op) {
            case "max_pool2d" -> compare().check(what, (b, in, out) -> b.maxPool2d(in[0], params, out[0], out[1]), List.of(x),
                    List.of(Output.of(dtype, os), Output.of(DType.INT64, os)), 1, false);
            case "max_pool2d_backward" -> {
                NDArray indices = NDArray.zeros(DType.INT64, os);
                BackendComparison.CPU.maxPool2d(x, params, NDArray.zeros(dtype, os), indices);
                compare().check(what, (b, in, out) -> b.maxPool2dBackward(in[0], in[1], params, out[0]), List.of(gradOut, indices),
                        List.of(Output.of(dtype, xs)), 4, true);
            }
            case "avg_pool2d" -> compare().check(what, (b, in, out) -> b.avgPool2d(in[0], params, out[0]), List.of(x),
                    List.of(Output.of(dtype, os)), 4, true);
            default -> compare().check(what, (b, in, out) -> b.avgPool2dBackward(in[0], params, out[0]), List.of(gradOut),
                    List.of(Output.of(dtype, xs)), 4, true);
        }
    }
}
