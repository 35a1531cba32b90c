package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.training.data.Cifar10Reader;

/** Fuzzes {@link Cifar10Reader#read}: a file, raw or gzipped, is read whole or refused naming the file. */
class Cifar10FuzzTest {
    private static final Path DIR = ReaderContract.scratch("cifar");

    @FuzzTest(maxDuration = "10m")
    void read(byte[] input) throws IOException {
        Path path = ReaderContract.write(DIR, "data_batch_1.bin", input);
        long perByte = ReaderContract.gzipped(input) ? ReaderContract.gzipPerByte(3) : 6;
        Cifar10Reader.Images images = ReaderContract.readOrRefuse("data_batch_1.bin", input.length, perByte,
                () -> Cifar10Reader.read(List.of(path)));
        if (images != null)
            for (int i = 0; i < images.size(); i++)
                if (images.label(i) < 0 || images.label(i) > 9) throw new AssertionError("data_batch_1.bin: label " + images.label(i));
    }
}
