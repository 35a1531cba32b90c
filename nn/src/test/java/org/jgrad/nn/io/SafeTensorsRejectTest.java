package org.jgrad.nn.io;

import static org.jgrad.nn.io.SafeTensorsTestFiles.file;
import static org.jgrad.nn.io.SafeTensorsTestFiles.le;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file is refused with a message naming the file and the problem; failed writes leave nothing behind. */
class SafeTensorsRejectTest {
    @TempDir
    Path dir;

    /** Reads {@code bytes} from a file and checks the rejection message holds the file name and every fragment. */
    private void rejects(byte[] bytes, String... fragments) throws IOException {
        Path p = SafeTensorsTestFiles.write(dir, "bad.safetensors", bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
    }

    private void rejectsHeader(String header, int dataBytes, String... fragments) throws IOException {
        rejects(file(header, new byte[dataBytes]), fragments);
    }

    private static String f32(String name, int n, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void truncatedFiles() throws IOException {
        rejects(new byte[0], "truncated", "0 bytes");
        rejects(new byte[] {8, 0, 0, 0, 0}, "truncated", "5 bytes");
        // Header length beyond the file.
        rejects(le(8 + 4).putLong(100).put("{}  ".getBytes()).array(), "header length 100", "larger than the 4 bytes");
        // Data section shorter than the tensors need.
        rejectsHeader("{" + f32("a", 2, 0, 8) + "}", 4, "truncated", "8 bytes", "holds 4");
    }

    @Test
    void headerLengthOverTheLimit() throws IOException {
        rejects(le(16).putLong(100_000_001L).putLong(0).array(), "header length 100000001", "exceeds the limit of 100000000");
        rejects(le(16).putLong(-1L).putLong(0).array(), "header length 18446744073709551615", "exceeds the limit");
    }

    @Test
    void invalidHeaders() throws IOException {
        rejectsHeader("{\"a\":", 0, "invalid JSON header", "end of input");
        rejectsHeader("{\"a\":{},}", 0, "invalid JSON header");
        rejectsHeader("[1, 2]", 0, "not a JSON object");
        rejectsHeader("{} x", 0, "invalid JSON header", "after the JSON value");
        rejects(le(8 + 4).putLong(4).put(new byte[] {'{', (byte) 0xC3, '}', ' '}).array(), "not valid UTF-8");
        rejectsHeader("{" + f32("a", 1, 0, 4) + "," + f32("a", 1, 4, 8) + "}", 8, "duplicate key \"a\"");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "tensor \"a\"", "missing \"data_offsets\"");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "tensor \"a\"", "shape", "-1");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4, "shape holds 1.5, not an integer");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4, "not a [begin, end] pair");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4, "end before begin");
        rejectsHeader("{\"__metadata__\":{\"k\":1}}", 0, "__metadata__ value of \"k\" is not a string");
        rejectsHeader("{\"a\":[]}", 0, "tensor \"a\": entry is not a JSON object");
    }

    @Test
    void unknownAndUnsupportedDtypes() throws IOException {
        rejectsHeader("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "tensor \"a\"", "unknown dtype \"Q4\"");
        rejectsHeader("{\"a\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, "dtype U64 has no exact jgrad dtype");
        rejectsHeader("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "F8_E4M3", "not supported");
    }

    @Test
    void shapeAndOffsetsMustAgree() throws IOException {
        rejectsHeader("{" + f32("a", 2, 0, 4) + "}", 4, "tensor \"a\"", "span 4 bytes", "needs 8");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,0]}}", 0, "needs 4");
        rejectsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,0]}}", 0, "more than 2147483647 elements");
    }

    @Test
    void overlapsGapsAndTrailingBytes() throws IOException {
        rejectsHeader("{" + f32("a", 2, 0, 8) + "," + f32("b", 2, 4, 12) + "}", 12, "tensor \"b\" at [4, 12] overlaps tensor \"a\" at [0, 8]");
        rejectsHeader("{" + f32("a", 2, 0, 8) + "," + f32("b", 2, 0, 8) + "}", 8, "overlaps");
        rejectsHeader("{" + f32("a", 1, 0, 4) + "," + f32("b", 1, 8, 12) + "}", 12, "gap", "[4, 8)");
        rejectsHeader("{" + f32("a", 1, 4, 8) + "}", 8, "gap", "[0, 4)");
        rejectsHeader("{" + f32("a", 1, 0, 4) + "}", 8, "trailing bytes", "holds 8 bytes", "cover 4");
        rejectsHeader("{}", 1, "trailing bytes");
    }

    // ================================================================ writes

    private List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void missingFolderFailsAndLeavesNothing() throws IOException {
        Path target = dir.resolve("missing").resolve("m.safetensors");
        assertThrows(IOException.class, () -> SafeTensors.write(target, Map.of("a", NDArray.of(1f)), null));
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void failureMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.safetensors");
        SafeTensors.write(target, Map.of("old", NDArray.of(1f, 2f)), Map.of("v", "old"));
        byte[] before = Files.readAllBytes(target);

        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("a", NDArray.zeros(1000));
        tensors.put("b", NDArray.zeros(1000));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SafeTensors.write(target, tensors, null, i -> {
            // The temporary file exists and holds part of the data at this point.
            try {
                assertEquals(2, filesIn(dir).size());
            } catch (IOException io) {
                throw new AssertionError(io);
            }
            throw new IllegalStateException("disk on fire after tensor " + i);
        }));
        assertEquals("disk on fire after tensor 0", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target), "the existing file is untouched");
        assertEquals(List.of(target), filesIn(dir), "the temporary file is gone");
        assertEquals(Map.of("v", "old"), SafeTensors.read(target).metadata());
    }

    @Test
    void invalidArgumentsAreRefusedBeforeAnyFileIsCreated() throws IOException {
        Path target = dir.resolve("x.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(target, Map.of("__metadata__", NDArray.of(1f)), null));
        assertTrue(e.getMessage().contains("cannot be named __metadata__"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(target, Map.of("bad\uD800", NDArray.of(1f)), null));
        assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(target, Map.of(), nullValue));
        assertTrue(e.getMessage().contains("metadata value of \"k\" is null"), e.getMessage());
        Map<String, NDArray> nullTensor = new LinkedHashMap<>();
        nullTensor.put("t", null);
        e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(target, nullTensor, null));
        assertTrue(e.getMessage().contains("tensor \"t\" is null"), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), filesIn(dir));
    }
}
