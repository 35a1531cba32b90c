package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import org.jgrad.training.data.IdxReader;

/**
 * Fuzzes {@link IdxReader}: the same file, raw or gzipped, read as an images file and as a labels
 * file; each is read whole or refused naming the file.
 */
class IdxFuzzTest {
    private static final Path DIR = ReaderContract.scratch("idx");

    @FuzzTest(maxDuration = "10m")
    void read(byte[] input) throws IOException {
        Path path = ReaderContract.write(DIR, "input.idx", input);
        // Raw: the bytes read, then the pixels copied out; gzipped: the decompressed bytes as well.
        long perByte = ReaderContract.gzipped(input) ? ReaderContract.gzipPerByte(2) : 4;
        IdxReader.Images images = ReaderContract.readOrRefuse("input.idx", input.length, perByte, () -> IdxReader.readImages(path));
        if (images != null && (long) images.count() * images.rows() * images.cols() != images.pixels().length)
            throw new AssertionError("input.idx: " + images.count() + " × " + images.rows() + " × " + images.cols()
                    + " images but " + images.pixels().length + " pixel bytes");
        ReaderContract.readOrRefuse("input.idx", input.length, perByte, () -> IdxReader.readLabels(path));
    }
}
