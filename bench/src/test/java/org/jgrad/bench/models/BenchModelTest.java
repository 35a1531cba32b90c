package org.jgrad.bench.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** The benchmark models have the parameters the definition gives and map images to 10 logits. */
class BenchModelTest {
    /** conv(3×3, bias) Cin→Cout plus BatchNorm's weight and bias: 9·Cin·Cout + Cout + 2·Cout. */
    private static long convBn(int in, int out) {
        return 9L * in * out + out + 2L * out;
    }

    @Test
    void basicCnnHasTheLessonsParameterCount() {
        long expected = 0;
        for (int i = 0; i + 1 < BenchModel.CHANNELS.length; i++) expected += convBn(BenchModel.CHANNELS[i], BenchModel.CHANNELS[i + 1]);
        assertEquals(12_126, expected);
        assertEquals(expected, BenchModel.BASIC_CNN.parameterCount());
        assertEquals(expected, BenchModel.BASIC_CNN.build(new Generator(1)).parameterCount());
    }

    @Test
    void residualCnnAddsTwoSameSizeBlocksAfterEachOfTheFirstFour() {
        long expected = BenchModel.BASIC_CNN.parameterCount();
        for (int i = 1; i <= 4; i++) expected += 2 * convBn(BenchModel.CHANNELS[i], BenchModel.CHANNELS[i]);
        assertEquals(41_358, expected);
        assertEquals(expected, BenchModel.RESIDUAL_CNN.parameterCount());
        assertEquals(expected, BenchModel.RESIDUAL_CNN.build(new Generator(1)).parameterCount());
    }

    @Test
    void bothMapImagesToTenLogits() {
        NDArray images = NDArray.randn(new Generator(2), DType.FLOAT32, 3, 1, 28, 28);
        for (BenchModel m : BenchModel.values()) {
            Module model = m.build(new Generator(1));
            assertArrayEquals(new int[] {3, 10}, model.forward(Tensor.of(images)).shape(), m.name());
            assertEquals(m, BenchModel.byId(m.id()));
        }
    }
}
