package org.jgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir Path dir;

    private static final String IRIS = """
            sepal_length,sepal_width,species
            5.1, 3.5,setosa
            7.0,3.2,"versi,color"

            6.3,3.3,virginica
            4.9,3.0,setosa
            """;

    @Test
    void readsHeaderNumbersAndCategoricalLabelsFromGzippedFiles() throws IOException {
        Path f = dir.resolve("iris.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(IRIS.getBytes(StandardCharsets.UTF_8));
        }
        CsvTable t = CsvTable.read(f, true);
        assertEquals(List.of("sepal_length", "sepal_width", "species"), t.columns());
        assertEquals(4, t.rowCount());
        assertEquals(5, t.line(2)); // the blank line is skipped but counted
        assertEquals("versi,color", t.cell(1, 2));
        assertEquals(3.5f, t.number(0, 1));
        CsvTable.Labeled d = t.toLabeled("species", true);
        assertEquals(List.of("setosa", "versi,color", "virginica"), d.vocab());
        assertEquals(List.of("sepal_length", "sepal_width"), d.featureNames());
        assertArrayEquals(new int[] {4, 2}, d.dataset().x().shape());
        assertArrayEquals(new float[] {5.1f, 3.5f, 7.0f, 3.2f, 6.3f, 3.3f, 4.9f, 3.0f}, d.dataset().x().toFloatArray());
        assertArrayEquals(new long[] {0, 1, 2, 0}, d.dataset().y().toLongArray());
        assertEquals("3.3", t.rows().get(2).get("sepal_width"));
        assertEquals("iris.csv.gz line 5", t.rows().get(2).toString());
    }

    @Test
    void floatLabelsAndNumericVocabularyWithoutHeader() {
        CsvTable t = CsvTable.parse("1,2,10\n3,4,2\n5,6,2.5\n", "n.csv", false, ',');
        assertEquals(List.of("0", "1", "2"), t.columns());
        CsvTable.Labeled reg = t.toLabeled("2", false);
        assertArrayEquals(new float[] {10, 2, 2.5f}, reg.dataset().y().toFloatArray());
        assertEquals(List.of(), reg.vocab());
        CsvTable.Labeled cls = t.toLabeled("2", true);
        assertEquals(List.of("2", "2.5", "10"), cls.vocab()); // numbers sort as numbers
        assertArrayEquals(new long[] {2, 0, 1}, cls.dataset().y().toLongArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, cls.dataset().x().toFloatArray());
        CsvTable semi = CsvTable.parse("a;b\n1;2\n", "s.csv", true, ';');
        assertEquals(2f, semi.number(0, semi.column("b")));
    }

    @Test
    void badRowsNameTheFileLineAndColumn() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "x,y,label\n1,2,a\n3,4\n");
        var wrongCount = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(f, true));
        assertEquals("bad.csv line 3: 2 fields, expected 3 (as in the header)", wrongCount.getMessage());

        CsvTable t = CsvTable.parse("x,y,label\n1,2,a\n3,four,b\n", "bad.csv", true, ',');
        var notNumber = assertThrows(IllegalArgumentException.class, () -> t.toLabeled("label", true));
        assertEquals("bad.csv line 3, column 'y' (1): 'four' is not a number", notNumber.getMessage());
        var quote = assertThrows(IllegalArgumentException.class, () -> CsvTable.parse("a,b\n1,\"2\n", "q.csv", true, ','));
        assertEquals("q.csv line 2, column 1: unterminated quoted field (quoted line breaks are not supported)", quote.getMessage());
        var column = assertThrows(IllegalArgumentException.class, () -> t.toLabeled("target", true));
        assertEquals("bad.csv: no column 'target' (columns: [x, y, label])", column.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> CsvTable.parse("\n\n", "e.csv", true, ','));
        assertEquals("e.csv: empty CSV file", empty.getMessage());
    }
}
