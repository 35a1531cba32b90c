package org.jgrad.training.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.models.MnistCnn;
import org.jgrad.training.optim.Adam;
import org.junit.jupiter.api.Test;

/** The schedule of {@link ProgressiveResizing}, its parsing, and the sizes a real fit's batches have epoch by epoch. */
class ProgressiveResizingTest {
    @Test
    void parsesPhasesAndMapsEpochsToSizes() {
        ProgressiveResizing p = ProgressiveResizing.parse("14:3, 21:1,28:2");
        assertEquals(List.of(new ProgressiveResizing.Phase(14, 3), new ProgressiveResizing.Phase(21, 1), new ProgressiveResizing.Phase(28, 2)),
                p.phases());
        assertEquals(6, p.totalEpochs());
        assertEquals(28, p.finalSize());
        int[] sizes = new int[8];
        for (int e = 0; e < sizes.length; e++) sizes[e] = p.sizeAt(e);
        assertArrayEquals(new int[] {14, 14, 14, 21, 28, 28, 28, 28}, sizes, "epochs past the schedule keep the last size");
        assertEquals("14:3,21:1,28:2", p.toString());
        assertEquals(p.toString(), ProgressiveResizing.parse(p.toString()).toString());
    }

    @Test
    void refusesMalformedSchedulesNamingThePart() {
        for (String[] bad : new String[][] {{"14", "'14'"}, {"14:x,28:1", "'14:x'"}, {"14:2,", "''"}, {"14:2:1", "'14:2:1'"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProgressiveResizing.parse(bad[0]));
            assertTrue(e.getMessage().contains("SIZE:EPOCHS") && e.getMessage().contains(bad[1]), e.getMessage());
        }
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> ProgressiveResizing.parse("14:0,28:1"));
        assertTrue(zero.getMessage().contains("14:0"), zero.getMessage());
    }

    @Test
    void resizesImagesToTheCurrentSizeAndKeepsLabels() {
        ProgressiveResizing p = ProgressiveResizing.parse("14:1,28:1");
        NDArray x = NDArray.randn(new Generator(1), DType.FLOAT32, 3, 1, 28, 28), y = NDArray.of(0L, 1L, 2L);
        TensorDataset.Batch small = p.apply(new TensorDataset.Batch(x, y));
        assertArrayEquals(new int[] {3, 1, 14, 14}, small.x().shape());
        assertSame(y, small.y());
        assertArrayEquals(new Resize(14, 14).transform(x).toFloatArray(), small.x().toFloatArray());
        // a half-size image is the mean of each 2x2 block
        float[] in = x.toFloatArray(), out = small.x().toFloatArray();
        float block = (in[0] + in[1] + in[28] + in[29]) / 4;
        assertEquals(block, out[0], 1e-6f);
    }

    /** A two-phase fit: the training and the validation batches of epoch 0 are 14×14, those of epoch 1 are 28×28. */
    @Test
    void aFitSeesEachEpochsSize() {
        Generator g = new Generator(7);
        TensorDataset train = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 64, 1, 28, 28), NDArray.of(labels(64)));
        TensorDataset valid = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 32, 1, 28, 28), NDArray.of(labels(32)));
        ProgressiveResizing p = ProgressiveResizing.parse("14:1,28:1");
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        DataLoaders dls = new DataLoaders(new DataLoader(train, 16, true, 3), new DataLoader(valid, 16, false, 3)).andThen(p)
                .andThen(b -> { seen.add(b.x().shape()[2]); return b; });
        Learner learn = new Learner(dls, MnistCnn.basic(new Generator(3)), new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-3),
                List.of());
        learn.addCallbacks(p);
        learn.fitOneCycle(p.totalEpochs(), 1e-3);
        List<Integer> expected = new ArrayList<>();
        for (int size : new int[] {14, 28}) for (int i = 0; i < 4 + 2; i++) expected.add(size);   // 4 training, then 2 validation batches
        assertEquals(expected, seen);
    }

    private static long[] labels(int n) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = i % 10;
        return y;
    }
}
