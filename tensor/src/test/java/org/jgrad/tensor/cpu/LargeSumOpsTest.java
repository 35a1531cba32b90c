package org.jgrad.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;

/** Long float32 sums take the chunked parallel path ({@link ReduceKernels#SUM_CHUNK}); they must still be right. */
class LargeSumOpsTest {
    @Test
    void longSumsMatchADoubleLoop() {
        int n = 4 * ReduceKernels.SUM_CHUNK + 12_345;
        NDArray x = NDArray.randn(new Generator(5), DType.FLOAT32, 3, n);
        float[] v = x.toFloatArray();
        double[] rows = new double[3];
        double all = 0, magnitude = 0;
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < n; i++) {
                rows[r] += v[r * n + i];
                magnitude += Math.abs(v[r * n + i]);
            }
            all += rows[r];
        }
        assertEquals(all, x.sum().item(), 1e-6 * magnitude);
        NDArray perRow = x.sum(1);
        for (int r = 0; r < 3; r++) assertEquals(rows[r], perRow.getDouble(r), 1e-6 * magnitude, "row " + r);
        // a transposed view is not contiguous along the reduced axis: the generic path, same answer
        assertEquals(rows[1], x.mT().sum(0).getDouble(1), 1e-6 * magnitude);
    }
}
