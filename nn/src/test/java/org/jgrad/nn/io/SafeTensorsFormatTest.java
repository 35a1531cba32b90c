package org.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files jgrad writes, taken apart byte by byte and compared with what the specification says. */
class SafeTensorsFormatTest {
    @TempDir
    Path dir;

    @Test
    void writtenBytesFollowTheSpecification() throws Exception {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("m", NDArray.of(true, false, true));                       // BOOL [3]
        tensors.put("b", NDArray.of(1.5f, -2f));                               // F32  [2]
        tensors.put("c", NDArray.fromArray(new short[] {0x3C00}));             // F16  [1]
        tensors.put("e", NDArray.zeros(DType.FLOAT64, 0));                     // F64  [0]
        tensors.put("a", NDArray.scalar(7, DType.INT64));                      // I64  []
        tensors.put("é", NDArray.of(-3));                                      // I32  [1]
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("k\"ey", "v\n\u0001");
        metadata.put("format", "pt");
        Path p = dir.resolve("out.safetensors");
        SafeTensors.write(p, tensors, metadata);

        byte[] bytes = Files.readAllBytes(p);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = in.getLong();
        assertEquals(0, (8 + n) % 8, "the data section starts 8-byte aligned");

        // Layout: element size descending, then name. Metadata first, keys sorted.
        String expectedJson = "{\"__metadata__\":{\"format\":\"pt\",\"k\\\"ey\":\"v\\n\\u0001\"},"
                + "\"a\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"e\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[8,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"é\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]},"
                + "\"c\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[20,22]},"
                + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[22,25]}}";
        byte[] json = expectedJson.getBytes(StandardCharsets.UTF_8);
        int padding = (8 - json.length % 8) % 8;
        assertEquals(json.length + padding, n, "header length: the JSON plus space padding");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals(expectedJson + " ".repeat(padding), header);

        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, bytes.length - 8 - (int) n).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(25, data.remaining(), "no trailing bytes");
        assertEquals(7L, data.getLong(0));
        assertEquals(1.5f, data.getFloat(8));
        assertEquals(-2f, data.getFloat(12));
        assertEquals(-3, data.getInt(16));
        assertEquals((short) 0x3C00, data.getShort(20));
        assertArrayEquals(new byte[] {1, 0, 1}, Arrays.copyOfRange(bytes, bytes.length - 3, bytes.length));
        // Little-endian on disk, spelled out for one value: 7 as an int64.
        assertArrayEquals(new byte[] {7, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOfRange(bytes, 8 + (int) n, 16 + (int) n));
    }

    @Test
    void noMetadataMeansNoMetadataKey() throws Exception {
        Path p = dir.resolve("plain.safetensors");
        SafeTensors.write(p, Map.of("x", NDArray.of(1f)), null);
        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertEquals(json + " ".repeat((8 - json.length() % 8) % 8), new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals(8 + n + 4, bytes.length);
    }
}
