package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.CpuBackend;
import org.jgrad.tensor.cpu.HostStorage;
import org.junit.jupiter.api.Test;

/**
 * matmul's operand layouts ({@link GemmOperand#ofBatch}) read transposed and broadcast views in
 * place: the {@link KernelTwins} GEMM on the views' storages gives the CPU backend's product. And
 * the grid: one block per 64×64 tile of every batch.
 */
class GemmLayoutTest {
    @Test
    void transposedAndBroadcastViewsAreReadInPlace() {
        int batch = 3, m = 5, k = 7, n = 4;
        NDArray a = random(1, batch, k, m).transpose(1, 2);                     // (B, M, K), row stride 1
        NDArray b = random(2, 1, k, n).expand(batch, k, n);                     // (B, K, N), batch stride 0
        NDArray bt = random(3, batch, n, k).transpose(1, 2);                    // (B, K, N), row stride 1
        for (NDArray right : new NDArray[] {b, bt}) {
            NDArray expected = NDArray.zeros(DType.FLOAT64, batch, m, n), out = NDArray.zeros(DType.FLOAT64, batch, m, n);
            CpuBackend.INSTANCE.matmul(a, right, expected);
            new KernelTwins().gemm(data(a), GemmOperand.ofBatch(a), data(right), GemmOperand.ofBatch(right), data(out), GemmOperand.ofBatch(out),
                    new GemmSize(batch, 1, 1, m, n, k), false);
            assertArrayEquals(data(expected), data(out), 1e-12);
        }
    }

    @Test
    void oneBlockPerTileOfEveryBatch() {
        assertEquals(1, new GemmSize(1, 1, 1, 64, 64, 1000).blocks());
        assertEquals(2 * 3 * 5 * 7, new GemmSize(5, 7, 1, 65, 129, 3).blocks());
        assertEquals(0, new GemmSize(4, 1, 1, 0, 10, 3).blocks());
        assertEquals(1, new GemmSize(1, 1, 1, 1, 1, 0).blocks(), "K = 0 still writes the zeros of C");
        assertThrows(IllegalArgumentException.class, () -> new GemmSize(1, 0, 1, 1, 1, 1));
    }

    @Test
    void operandsPackOffsetThenTheFiveStrides() {
        GemmOperand op = new GemmOperand(9, 1, 2, 3, 4, 5);
        assertArrayEquals(new int[] {9, 1, 2, 3, 4, 5, 0, 0, 0}, op.packed());
        assertArrayEquals(new int[] {9, 0, 2, 1, 5, 4, 0, 0, 0}, op.outerSummed().transposed().packed());
        assertArrayEquals(new int[] {12, 1, 2, 3, 4, 5, 0, 0, 0}, op.shifted(3).packed());
    }

    private static NDArray random(long seed, int... shape) {
        Random random = new Random(seed);
        double[] values = new double[org.jgrad.tensor.Shapes.numel(shape)];
        for (int i = 0; i < values.length; i++) values[i] = random.nextGaussian();
        return NDArray.of(values).reshape(shape);
    }

    private static double[] data(NDArray a) {
        return ((HostStorage.F64) a.storage()).data;
    }
}
