package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.ImageFiles;

/**
 * Fuzzes {@link ImageFiles#read} on PNG and JPEG bytes (the decoders of {@code javax.imageio}
 * behind it): an image is decoded or refused naming the file, with no more memory than
 * {@link ImageFiles#MAX_PIXELS_PER_BYTE} pixels per file byte can take.
 */
class ImageFuzzTest {
    private static final Path DIR = ReaderContract.scratch("image");

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] input) throws IOException {
        Path path = ReaderContract.write(DIR, "image.png", input);
        // Per pixel: the decoded raster (up to 8 bytes: 16-bit RGBA) and 3 float planes (12 bytes).
        long perByte = 24L * ImageFiles.MAX_PIXELS_PER_BYTE;
        NDArray image = ReaderContract.readOrRefuse("image.png", input.length, perByte, () -> ImageFiles.read(path, 3));
        if (image != null && (image.rank() != 3 || image.shape(0) != 3))
            throw new AssertionError("image.png: decoded to shape " + java.util.Arrays.toString(image.shape()));
    }
}
