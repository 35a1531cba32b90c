package org.jgrad.training.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract every file reader keeps on malformed input, checked by the fuzz targets of this
 * package:
 *
 * <ul>
 *   <li>it ends in the reader's one documented exception type, {@link IllegalArgumentException},
 *       whose message names the file (every other exception, an assertion error, a stack overflow
 *       or an out-of-memory error escapes the target and is a finding);
 *   <li>it allocates no more than the file can justify: {@code perByte} bytes of heap per byte of
 *       input plus a fixed {@value #BASE_BYTES} (measured with the thread's allocation counter), so
 *       a header that declares 2^40 elements in a 1 KiB file is refused before anything is
 *       allocated.
 * </ul>
 *
 * Hangs are caught by the fuzzer's per-input timeout. A valid input must load; what it loads is
 * checked by each target.
 */
final class ReaderContract {
    /** Heap any call may allocate whatever its input: buffers, messages, the first use of a class. */
    static final long BASE_BYTES = 4L << 20;

    /** A call to a reader. */
    interface Read<T> {
        T call() throws IOException;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ReaderContract() {}

    /**
     * Runs {@code read} on an input of {@code inputBytes} bytes stored as {@code file}: returns what
     * it read, or null when it refused the input with an {@link IllegalArgumentException} that
     * names {@code file}.
     */
    static <T> T readOrRefuse(String file, long inputBytes, long perByte, Read<T> read) throws IOException {
        long allowed = BASE_BYTES + perByte * inputBytes;
        Outcome<T> outcome = measure(read);
        // The first call of a reader in a JVM also pays for loading its classes (ImageIO's plugin
        // registry alone takes megabytes): over the bound, measure once more before judging.
        if (outcome.allocated > allowed) outcome = measure(read);
        if (outcome.allocated > allowed)
            throw new AssertionError(file + ": reading " + inputBytes + " bytes allocated " + outcome.allocated + " bytes, over the "
                    + allowed + " the input can justify (" + perByte + " per byte + " + BASE_BYTES + ")", outcome.refused);
        if (outcome.refused != null) {
            String message = String.valueOf(outcome.refused.getMessage());
            if (!message.contains(file))
                throw new AssertionError("the refusal does not name the file " + file + ": " + message, outcome.refused);
        }
        return outcome.result;
    }

    private record Outcome<T>(T result, IllegalArgumentException refused, long allocated) {}

    private static <T> Outcome<T> measure(Read<T> read) throws IOException {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T result = null;
        IllegalArgumentException refused = null;
        try {
            result = read.call();
        } catch (IllegalArgumentException e) {
            refused = e;
        }
        return new Outcome<>(result, refused, THREADS.getCurrentThreadAllocatedBytes() - before);
    }

    /** A fresh empty folder for one target's files, in memory where the machine has /dev/shm. */
    static Path scratch(String target) {
        try {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "jgrad-fuzz-" + target)
                    : Files.createTempDirectory("jgrad-fuzz-" + target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} to {@code folder/name}, replacing what was there. */
    static Path write(Path folder, String name, byte[] bytes) {
        try {
            return Files.write(folder.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when {@code bytes} start with the gzip magic bytes. */
    static boolean gzipped(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /**
     * Bytes per input byte a reader of gzipped input may allocate: deflate expands at most 1032:1,
     * and a reader may hold the decompressed bytes a few times over (the growing buffer, the
     * parsed copy) times {@code perDecodedByte}.
     */
    static long gzipPerByte(long perDecodedByte) {
        return 1032L * 3 * perDecodedByte;
    }
}
