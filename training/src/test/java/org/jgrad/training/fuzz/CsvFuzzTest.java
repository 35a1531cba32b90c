package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import org.jgrad.training.data.CsvTable;

/**
 * Fuzzes {@link CsvTable}: a file, raw or gzipped (as {@code .csv.gz}), read with a header, read
 * guessing the header, and the table turned into a labelled dataset (every cell parsed as a
 * number, the last column as classes); each step succeeds or is refused naming the file.
 */
class CsvFuzzTest {
    private static final Path DIR = ReaderContract.scratch("csv");

    @FuzzTest(maxDuration = "10m")
    void read(byte[] input) throws IOException {
        String name = ReaderContract.gzipped(input) ? "table.csv.gz" : "table.csv";
        Path path = ReaderContract.write(DIR, name, input);
        // Every field becomes a String (an object and its bytes) in a row array; then float features.
        long perByte = ReaderContract.gzipped(input) ? ReaderContract.gzipPerByte(200) : 200;
        ReaderContract.readOrRefuse(name, input.length, perByte, () -> CsvTable.read(path, true));
        CsvTable t = ReaderContract.readOrRefuse(name, input.length, perByte, () -> CsvTable.readGuessingHeader(path));
        if (t == null) return;
        String label = t.columns().get(t.columns().size() - 1);
        ReaderContract.readOrRefuse(name, input.length, perByte, () -> t.toLabeled(label, true));
    }
}
