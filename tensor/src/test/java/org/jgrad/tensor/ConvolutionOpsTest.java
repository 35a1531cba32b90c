package org.jgrad.tensor;

import static org.jgrad.tensor.OpAssert.assertClose;

import java.util.stream.Stream;
import org.jgrad.tensor.RandomArrays.Arr;
import org.jgrad.tensor.Reference.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** NDArray-level conv2d, its gradients and pooling on random layouts (the kernels have their own tests). */
class ConvolutionOpsTest {
    static Stream<Long> seeds() {
        return Stream.iterate(11000L, s -> s + 1).limit(12);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void conv2dAndGradients(long seed) {
        RandomArrays r = new RandomArrays(seed);
        DType t = seed % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        int g = 1 + r.rnd.nextInt(2), cin = g * (1 + r.rnd.nextInt(2)), cout = g * (1 + r.rnd.nextInt(2));
        int kh = 1 + r.rnd.nextInt(3), kw = 1 + r.rnd.nextInt(3);
        Conv2dParams p = Conv2dParams.DEFAULT.stride(1 + r.rnd.nextInt(2), 1 + r.rnd.nextInt(2)).padding(r.rnd.nextInt(2), r.rnd.nextInt(2)).dilation(1 + r.rnd.nextInt(2), 1 + r.rnd.nextInt(2)).groups(g);
        int h = p.dilationH() * (kh - 1) + 1 + r.rnd.nextInt(4), w = p.dilationW() * (kw - 1) + 1 + r.rnd.nextInt(4);
        Arr x = r.array(new int[] {1 + r.rnd.nextInt(2), cin, h, w}, t), wt = r.array(new int[] {cout, cin / g, kh, kw}, t);
        NDArray y = x.array().conv2d(wt.array(), p);
        Dense want = Reference.conv2d(x.expected(), wt.expected(), p);
        Dense scale = Reference.conv2d(Reference.map(x.expected(), Math::abs), Reference.map(wt.expected(), Math::abs), p);
        assertClose(want, y, scale, 2, () -> "conv2d seed=" + seed + " " + p + " x=" + x + " w=" + wt);

        Arr go = r.array(want.shape(), t);
        NDArray gx = Convolutions.conv2dInputGrad(go.array(), wt.array(), x.shape(), p);
        NDArray gw = Convolutions.conv2dWeightGrad(x.array(), go.array(), wt.shape(), p);
        Dense absGo = Reference.map(go.expected(), Math::abs);
        assertClose(Reference.conv2dGrad(x.expected(), wt.expected(), go.expected(), p, 0), gx,
                Reference.conv2dGrad(Reference.map(x.expected(), Math::abs), Reference.map(wt.expected(), Math::abs), absGo, p, 0), 2,
                () -> "conv2d input grad seed=" + seed + " " + p);
        assertClose(Reference.conv2dGrad(x.expected(), wt.expected(), go.expected(), p, 1), gw,
                Reference.conv2dGrad(Reference.map(x.expected(), Math::abs), Reference.map(wt.expected(), Math::abs), absGo, p, 1), 2,
                () -> "conv2d weight grad seed=" + seed + " " + p);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void pooling(long seed) {
        RandomArrays r = new RandomArrays(seed);
        DType t = seed % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        int k = 1 + r.rnd.nextInt(3), pad = r.rnd.nextInt(k / 2 + 1);
        Pool2dParams p = Pool2dParams.kernel(k).stride(1 + r.rnd.nextInt(2), 1 + r.rnd.nextInt(2)).padding(pad).countIncludePad(r.rnd.nextBoolean());
        int[] shape = {1 + r.rnd.nextInt(2), 1 + r.rnd.nextInt(3), k + r.rnd.nextInt(4), k + r.rnd.nextInt(4)};
        Arr x = r.array(shape, t);
        NDArray[] mp = x.array().maxPool2dWithIndices(p);
        Dense[] want = Reference.maxPool2d(x.expected(), p);
        assertClose(want[0], mp[0], () -> "max_pool2d seed=" + seed + " " + p + " x=" + x);
        assertClose(want[1], mp[1], () -> "max_pool2d indices seed=" + seed + " " + p + " x=" + x);
        assertClose(Reference.avgPool2d(x.expected(), p), x.array().avgPool2d(p), () -> "avg_pool2d seed=" + seed + " " + p + " x=" + x);
    }
}
