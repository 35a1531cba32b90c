package org.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

class ConvPoolEmbeddingTest {
    private static NDArray randn(long seed, int... shape) {
        return NDArray.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    @Test
    void conv2dIsTheConvolutionPlusBiasWithPyTorchInitAndClearErrors() {
        Conv2d conv = new Conv2d(4, 6, 3, 2, 1, 1, 2, true, new Generator(1));
        assertArrayEquals(new int[] {6, 2, 3, 3}, conv.weight().shape());
        double bound = 1 / Math.sqrt(2 * 3 * 3);
        for (float w : conv.weight().data().toFloatArray()) assertTrue(Math.abs(w) <= bound);
        for (float b : conv.bias().data().toFloatArray()) assertTrue(Math.abs(b) <= bound);
        NDArray x = randn(2, 2, 4, 5, 5).to(DType.FLOAT32);
        NDArray y = conv.forward(Tensor.of(x)).data();
        assertArrayEquals(new int[] {2, 6, 3, 3}, y.shape());
        NDArray expected = x.conv2d(conv.weight().data(), Conv2dParams.DEFAULT.stride(2).padding(1).groups(2)).add(conv.bias().data().reshape(1, 6, 1, 1));
        assertTrue(y.allClose(expected, 1e-6, 1e-6));

        var channels = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.of(NDArray.zeros(2, 3, 5, 5))));
        assertTrue(channels.getMessage().contains("(N, 4, H, W)") && channels.getMessage().contains("(2, 3, 5, 5)")
                && channels.getMessage().contains("(6, 2, 3, 3)"), channels.getMessage());
        var small = assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, 5).forward(Tensor.of(NDArray.zeros(1, 1, 3, 3))));
        assertTrue(small.getMessage().contains("too small"), small.getMessage());
        var groups = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 1, 0, 1, 2, true, new Generator(1)));
        assertTrue(groups.getMessage().contains("divisible by groups=2"), groups.getMessage());
    }

    @Test
    void convTranspose2dScattersTheKernelAndIsTheAdjointOfConv2d() {
        // x = [[1, 2], [3, 4]] with a 2×2 kernel of ones: stride 1 overlaps the copies, stride 2 tiles them
        ConvTranspose2d up = new ConvTranspose2d(1, 1, 2, 1, 0, 0, 1, 1, false, new Generator(1));
        up.weight().setData(NDArray.ones(DType.FLOAT32, 1, 1, 2, 2));
        Tensor x = Tensor.of(NDArray.of(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2));
        assertArrayEquals(new float[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, up.forward(x).data().toFloatArray());
        ConvTranspose2d tile = new ConvTranspose2d(1, 1, 2, 2, 0, 0, 1, 1, false, new Generator(1));
        tile.weight().setData(NDArray.ones(DType.FLOAT32, 1, 1, 2, 2));
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, tile.forward(x).data().toFloatArray());

        // <conv2d(a, W), x> = <a, conv_transpose2d(x, W)> for every a and x, with the same hyperparameters
        ConvTranspose2d t = new ConvTranspose2d(4, 6, 3, 3, Conv2dParams.DEFAULT.stride(2).padding(1).groups(2).outputPadding(1), false, new Generator(2));
        t.to(DType.FLOAT64);
        NDArray xin = randn(3, 2, 4, 4, 4);
        NDArray yt = t.forward(Tensor.of(xin)).data();
        assertArrayEquals(new int[] {2, 6, t.outH(4), t.outW(4)}, yt.shape());
        assertEquals((4 - 1) * 2 - 2 + 2 + 1 + 1, t.outH(4));
        NDArray a = randn(4, yt.shape());
        NDArray conv = a.conv2d(t.weight().data(), Conv2dParams.DEFAULT.stride(2).padding(1).groups(2));
        assertEquals(conv.mul(xin).sum().item(), a.mul(yt).sum().item(), 1e-9);

        var e = assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(1, 1, 3, 2, 0, 2));
        assertTrue(e.getMessage().contains("smaller than either the stride or the dilation"), e.getMessage());
    }

    @Test
    void adaptiveAvgPoolUsesPyTorchWindows() {
        NDArray x = randn(5, 2, 3, 5, 7);
        NDArray y = new AdaptiveAvgPool2d(3, 4).forward(Tensor.of(x)).data();
        assertArrayEquals(new int[] {2, 3, 3, 4}, y.shape());
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) {
            int hs = (int) Math.floor(i * 5.0 / 3), he = (int) Math.ceil((i + 1) * 5.0 / 3);
            int ws = (int) Math.floor(j * 7.0 / 4), we = (int) Math.ceil((j + 1) * 7.0 / 4);
            double s = 0;
            for (int h = hs; h < he; h++) for (int w = ws; w < we; w++) s += x.getDouble(n, c, h, w);
            assertEquals(s / ((he - hs) * (we - ws)), y.getDouble(n, c, i, j), 1e-12);
        }
        // divisible sizes take the avg_pool2d path; 1×1 is the global average
        NDArray g = new AdaptiveAvgPool2d(1).forward(Tensor.of(x)).data();
        assertTrue(g.reshape(2, 3).allClose(x.mean(new int[] {2, 3}, false), 1e-12, 1e-12));
        NDArray z = randn(6, 1, 2, 4, 6);
        assertTrue(new AdaptiveAvgPool2d(2, 3).forward(Tensor.of(z)).data().allClose(z.avgPool2d(org.jgrad.tensor.Pool2dParams.kernel(2)), 0, 1e-12));
    }

    @Test
    void maxAndAvgPoolModules() {
        NDArray x = NDArray.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}).reshape(1, 1, 4, 4);
        assertArrayEquals(new float[] {6, 8, 14, 16}, new MaxPool2d(2).forward(Tensor.of(x)).data().toFloatArray());
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, new AvgPool2d(2).forward(Tensor.of(x)).data().toFloatArray());
        // 3×3 windows, stride 2, padding 1: the corner window holds 4 real values
        assertEquals((1 + 2 + 5 + 6) / 9.0, new AvgPool2d(3, 2, 1, true).forward(Tensor.of(x)).data().getDouble(0, 0, 0, 0), 1e-6);
        assertEquals((1 + 2 + 5 + 6) / 4.0, new AvgPool2d(3, 2, 1, false).forward(Tensor.of(x)).data().getDouble(0, 0, 0, 0), 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.of(NDArray.zeros(4, 4))));
        assertTrue(e.getMessage().contains("(4, 4)"), e.getMessage());
    }

    @Test
    void embeddingLooksUpRowsForAnyIndexShapeAndAccumulatesRepeatedGradients() {
        Embedding emb = new Embedding(4, 3, new Generator(7));
        NDArray w = emb.weight().data();
        NDArray idx = NDArray.of(new long[] {3, 0, 3, 1, 2, 3}).reshape(2, 3);
        Tensor y = emb.forward(Tensor.of(idx));
        assertArrayEquals(new int[] {2, 3, 3}, y.shape());
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++)
            assertEquals(w.getDouble((int) idx.getLong(i, j), k), y.data().getDouble(i, j, k));
        y.sum().backward();
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3}, emb.weight().grad().toFloatArray());
        assertArrayEquals(new int[] {3}, emb.forward(Tensor.of(NDArray.scalar(2, DType.INT64))).shape());

        var range = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(NDArray.of(new long[] {0, 4}))));
        assertTrue(range.getMessage().contains("[0, 4)") && range.getMessage().contains("got 4"), range.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(NDArray.of(new long[] {-1}))));
        assertTrue(negative.getMessage().contains("got -1"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(NDArray.of(1.0f))));
        // N(0, 1) initialization
        NDArray big = new Embedding(1000, 100, new Generator(8)).weight().data();
        assertEquals(0, big.mean().item(), 0.01);
        assertEquals(1, big.var(1, false).item(), 0.02);
    }
}
