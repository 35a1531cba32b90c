package org.jgrad.bench.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.bench.models.BenchModel;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.TensorDataset;
import org.junit.jupiter.api.Test;

/** A peer reading {@link MnistEpoch#batchIndices} trains on exactly the batches jgrad's loaders give (no MNIST needed: targets are the indices). */
class MnistEpochTest {
    private static List<long[]> jgradBatches(int n, Case.Epoch e) {
        TensorDataset all = new TensorDataset(NDArray.zeros(n, 1), NDArray.arange(n).to(DType.INT64)); // y = the image's index
        TensorDataset train = e.images() == n ? all : all.subset(e.images(), MnistEpoch.SEED);
        List<long[]> out = new ArrayList<>();
        for (TensorDataset.Batch b : MnistEpoch.loaders(train, train, e.batch()).train()) out.add(b.y().toLongArray());
        return out;
    }

    @Test
    void thePeersBatchesAreJgradsInTheSameOrder() {
        for (int images : new int[] {1000, 600}) {
            Case.Epoch e = new Case.Epoch(BenchModel.BASIC_CNN, 128, images);
            List<long[]> peer = MnistEpoch.batchIndices(1000, e), jgrad = jgradBatches(1000, e);
            assertEquals(images / 128, peer.size(), "the last partial batch is dropped");
            assertEquals(jgrad.size(), peer.size());
            for (int i = 0; i < jgrad.size(); i++) assertArrayEquals(jgrad.get(i), peer.get(i), "batch " + i + " of " + images + " images");
        }
    }
}
