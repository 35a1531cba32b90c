package org.jgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** 10 items: x[i] = (i, 10 + i), y[i] = i. */
    private static TensorDataset tens() {
        NDArray ids = NDArray.arange(10);
        return new TensorDataset(NDArray.stack(1, ids, ids.add(10)).to(DType.FLOAT32), ids);
    }

    private static List<long[]> epoch(DataLoader loader) {
        List<long[]> out = new ArrayList<>();
        for (TensorDataset.Batch b : loader) {
            long[] y = b.y().toLongArray();
            float[] x = b.x().toFloatArray();
            for (int i = 0; i < y.length; i++) assertEquals(y[i] + 10, x[2 * i + 1], "inputs and targets travel together");
            out.add(y);
        }
        return out;
    }

    private static long[] concat(List<long[]> batches) {
        return batches.stream().flatMapToLong(Arrays::stream).toArray();
    }

    @Test
    void shuffledEpochsArePermutationsFixedByTheSeed() {
        DataLoader a = new DataLoader(tens(), 3, true, false, 42, null), b = new DataLoader(tens(), 3, true, false, 42, null);
        long[] first = concat(epoch(a)), second = concat(epoch(a));
        assertArrayEquals(first, concat(epoch(b)), "same seed, same first epoch");
        assertArrayEquals(second, concat(epoch(b)), "same seed, same second epoch");
        assertFalse(Arrays.equals(first, second), "a new order each epoch");
        long[] sorted = first.clone();
        Arrays.sort(sorted);
        assertArrayEquals(NDArray.arange(10).toLongArray(), sorted);
        b.setEpoch(0);
        assertArrayEquals(first, concat(epoch(b)), "setEpoch replays an epoch (resuming)");
    }

    @Test
    void batchSizesWithAndWithoutDropLast() {
        List<long[]> kept = epoch(new DataLoader(tens(), 4, false, false, 0, null));
        assertEquals(List.of(4, 4, 2), kept.stream().map(y -> y.length).toList());
        assertArrayEquals(NDArray.arange(10).toLongArray(), concat(kept));
        DataLoader dropping = new DataLoader(tens(), 4, true, true, 0, null);
        assertEquals(2, dropping.batchCount());
        assertEquals(List.of(4, 4), epoch(dropping).stream().map(y -> y.length).toList());
    }

    @Test
    void batchTransformsRunAndTheirFailuresReachTheCaller() {
        DataLoader doubled = new DataLoader(tens(), 5, false, false, 0, b -> new TensorDataset.Batch(b.x().mul(2), b.y()));
        assertEquals(20f, doubled.iterator().next().x().toFloatArray()[1]); // x[0] = (0, 10), doubled
        DataLoader failing = new DataLoader(tens(), 5, false, false, 0, b -> { throw new IllegalArgumentException("bad item"); });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> failing.iterator().next());
        assertTrue(e.getMessage().contains("bad item"), e.getMessage());
    }

    @Test
    void subsetsAreSeededAndRangesAreViews() {
        TensorDataset s1 = tens().subset(4, 7), s2 = tens().subset(4, 7);
        assertArrayEquals(s1.y().toLongArray(), s2.y().toLongArray());
        assertEquals(4, s1.size());
        assertArrayEquals(new long[] {2, 3, 4}, tens().range(2, 5).y().toLongArray());
        assertThrows(IllegalArgumentException.class, () -> tens().subset(11, 0));
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(NDArray.zeros(3, 2), NDArray.zeros(4)));
    }

    @Test
    void anInterruptDoesNotCutAnEpochAndStaysSetForTheCaller() {
        DataLoader loader = new DataLoader(tens(), 3, true, 5);
        List<long[]> whole = epoch(loader);
        Thread.currentThread().interrupt();
        List<long[]> interrupted;
        try {
            interrupted = epoch(loader);   // the second epoch: the same order as a fresh one with the same seed and epoch
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is still set after the batches");
        }
        assertEquals(whole.size(), interrupted.size(), "every batch delivered");
        assertEquals(concat(whole).length, concat(interrupted).length);
    }
}
