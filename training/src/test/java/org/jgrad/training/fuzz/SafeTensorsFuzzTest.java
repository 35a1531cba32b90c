package org.jgrad.training.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.io.SafeTensorsContent;
import org.jgrad.tensor.NDArray;

/**
 * Fuzzes {@link SafeTensors#read}: {@link #file} mutates whole files (length field, header and
 * data); {@link #header} mutates the JSON header alone inside a well-formed frame, so the fuzzer
 * spends its time on the header checks (dtypes, shapes, offsets, layout, metadata).
 */
class SafeTensorsFuzzTest {
    private static final Path DIR = ReaderContract.scratch("safetensors");

    /** The input is a whole file. */
    @FuzzTest(maxDuration = "10m")
    void file(byte[] input) throws IOException {
        check(input, "file.safetensors");
    }

    /**
     * The input is the header text followed by two bytes, the data section's length (little-endian,
     * 0–65535); the file is the 8-byte length, the header, then that many bytes 0..255 repeating.
     */
    @FuzzTest(maxDuration = "10m")
    void header(byte[] input) throws IOException {
        if (input.length < 2) return;
        int headerBytes = input.length - 2;
        int dataBytes = (input[headerBytes] & 0xff) | (input[headerBytes + 1] & 0xff) << 8;
        ByteBuffer file = ByteBuffer.allocate(8 + headerBytes + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(headerBytes).put(input, 0, headerBytes);
        for (int i = 0; i < dataBytes; i++) file.put((byte) i);
        check(file.array(), "header.safetensors");
    }

    private static void check(byte[] bytes, String name) throws IOException {
        Path path = ReaderContract.write(DIR, name, bytes);
        // Parsing the header: a few dozen bytes per header byte (JSON values); the tensors: at most
        // 4 bytes per file byte (U8 into int32).
        SafeTensorsContent content = ReaderContract.readOrRefuse(name, bytes.length, 64, () -> SafeTensors.read(path));
        if (content == null) return;
        long payload = 0;
        for (NDArray a : content.tensors().values()) payload += (long) a.numel() * a.dtype().byteSize();
        if (payload > 4L * bytes.length) throw new AssertionError(name + ": " + payload + " bytes of tensors from a " + bytes.length + "-byte file");
    }
}
