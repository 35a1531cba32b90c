package org.jgrad.tensor.tour;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.junit.jupiter.api.Test;

/**
 * The tour's page 1 (docs/tour/1-ndarray.md): an array is a storage seen through a shape, strides
 * and an offset; views change only those three numbers; broadcasting is a stride of 0. Writes
 * figures/ndarray-views.txt (each view's metadata and the storage positions it reads) and
 * figures/ndarray-views.png (the same, drawn).
 */
class NDArrayTourTest {
    /** Where the tour's generated files go (tests run in the module's folder). */
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");

    @Test
    void viewsAreNewStridesOverTheSameStorage() throws IOException {
        // tour:begin storage
        NDArray a = NDArray.arange(0, 12, 1, DType.FLOAT32).reshape(3, 4);   // 0, 1, ..., 11: each value is its storage position
        // tour:end storage
        // tour:begin views
        NDArray t = a.mT();                            // (4, 3): the two strides swapped, nothing moved
        NDArray odd = a.slice(1, 1, 4, 2);             // columns 1 and 3: the column stride doubles, the offset is 1
        NDArray row = a.select(0, 2);                  // row 2: one axis fewer, offset 2·4 = 8
        NDArray bias = NDArray.of(100f, 200f, 300f, 400f);
        NDArray wide = bias.expand(3, 4);              // (3, 4) over 4 numbers: stride 0 along the new axis
        // tour:end views

        List<StorageFigure.Row> rows = List.of(
                new StorageFigure.Row("a's storage", a.reshape(12)), new StorageFigure.Row("a", a), new StorageFigure.Row("a.mT()", t),
                new StorageFigure.Row("a.slice(1, 1, 4, 2)", odd), new StorageFigure.Row("a.select(0, 2)", row),
                new StorageFigure.Row("bias's storage", bias), new StorageFigure.Row("bias.expand(3, 4)", wide));
        StringBuilder table = new StringBuilder();
        for (StorageFigure.Row r : rows) {
            NDArray v = r.array();
            table.append(String.format(Locale.ROOT, "%-20s shape %-7s strides %-7s offset %d  reads %s%n", r.name(), Shapes.format(v.shape()),
                    Shapes.format(v.strides()), v.offset(), StorageMap.format(v)));
            // the positions worked out from the metadata are where the values really come from
            NDArray storage = v.storage() == a.storage() ? a.reshape(12) : bias;
            double[] values = v.contiguous().reshape(-1).toDoubleArray();
            int[] positions = StorageMap.positions(v);
            for (int n = 0; n < values.length; n++) assertEquals(storage.getDouble(positions[n]), values[n], r.name() + " element " + n);
        }
        Files.writeString(FIGURES.resolve("ndarray-views.txt"), table.toString());
        StorageFigure.write(rows, FIGURES.resolve("ndarray-views.png"));

        for (NDArray v : List.of(t, odd, row)) assertSame(a.storage(), v.storage(), "a view shares the storage");
        assertArrayEquals(new int[] {1, 4}, t.strides());
        assertArrayEquals(new int[] {4, 2}, odd.strides());
        assertEquals(1, odd.offset());
        assertEquals(8, row.offset());
        assertArrayEquals(new int[] {0, 1}, wide.strides());
        assertTrue(a.isContiguous());
        assertFalse(t.isContiguous());
    }

    @Test
    void writingThroughAViewChangesTheOriginal() {
        // tour:begin shared
        NDArray a = NDArray.zeros(3, 4);
        a.select(0, 1).fill(7);                        // row 1 is a view: fill writes into a's storage
        // a is now [[0, 0, 0, 0], [7, 7, 7, 7], [0, 0, 0, 0]]
        // tour:end shared
        assertArrayEquals(new float[] {0, 0, 0, 0, 7, 7, 7, 7, 0, 0, 0, 0}, a.toFloatArray());
    }

    @Test
    void aCopyHappensOnlyWhenTheLayoutNeedsIt() {
        NDArray a = NDArray.arange(0, 12, 1, DType.FLOAT32).reshape(3, 4);
        // tour:begin copy
        NDArray flat = a.view(12);                     // row-major already: a view, no copy
        NDArray t = a.mT();                            // (4, 3) with strides (1, 4)
        // t.view(12) throws: no single stride walks 0, 4, 8, 1, 5, 9, ... in order
        NDArray tFlat = t.reshape(12);                 // so reshape copies: [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]
        NDArray tRowMajor = t.contiguous();            // the same copy, shape (4, 3), strides (3, 1)
        // tour:end copy
        assertSame(a.storage(), flat.storage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(12));
        assertTrue(e.getMessage().contains("without a copy"), e.getMessage());
        assertNotSame(a.storage(), tFlat.storage());
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, tFlat.toFloatArray());
        assertArrayEquals(new int[] {3, 1}, tRowMajor.strides());
    }

    @Test
    void broadcastingStretchesSizeOneAxesWithStrideZero() {
        // tour:begin broadcast
        NDArray x = NDArray.arange(0, 12, 1, DType.FLOAT32).reshape(3, 4);    // (3, 4)
        NDArray bias = NDArray.of(100f, 200f, 300f, 400f);                     //    (4)  → (1, 4) → (3, 4)
        NDArray rowScale = NDArray.of(1f, 10f, 100f).reshape(3, 1);            // (3, 1)  →          (3, 4)
        NDArray y = x.add(bias).mul(rowScale);         // y[i][j] = (x[i][j] + bias[j]) · rowScale[i]
        // tour:end broadcast
        // notebook:begin broadcast.after
        // notebook-only: %timeit x.add(bias).mul(rowScale)
        // notebook:end broadcast.after
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                assertEquals((x.getDouble(i, j) + bias.getDouble(j)) * rowScale.getDouble(i, 0), y.getDouble(i, j), 1e-3);
        assertArrayEquals(new int[] {1, 0}, rowScale.expand(3, 4).strides(), "a size-1 axis stretches with stride 0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.add(NDArray.of(1f, 2f, 3f)));
        assertTrue(e.getMessage().contains("(3, 4)") && e.getMessage().contains("(3)"), e.getMessage());
    }
}
