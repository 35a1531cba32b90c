package org.jgrad.nn.io;

import static org.jgrad.nn.io.SafeTensorsTestFiles.file;
import static org.jgrad.nn.io.SafeTensorsTestFiles.le;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.HostStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files built byte by byte from the specification, read by jgrad. */
class SafeTensorsSpecFileTest {
    @TempDir
    Path dir;

    @Test
    void readsAHandBuiltFileWithEveryCommonDtype() throws Exception {
        // A pretty-printed header in no particular order, metadata last, padded with spaces to 8n.
        String header = """
                {
                  "w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [8, 32]},
                  "scalar": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]},
                  "ids": {"dtype": "I64", "shape": [3], "data_offsets": [32, 56]},
                  "h": {"dtype": "F16", "shape": [4], "data_offsets": [56, 64]},
                  "empty": {"dtype": "F32", "shape": [0, 5], "data_offsets": [64, 64]},
                  "__metadata__": {"format": "pt", "note": "caf\\u00e9 \\"q\\" \\ud83d\\ude00"}
                }""";
        header = header + " ".repeat((8 - header.length() % 8) % 8);
        ByteBuffer data = le(64);
        data.putDouble(-0.25);
        for (float f : new float[] {1, 2, 3, 4, 5, -6.5f}) data.putFloat(f);
        for (long l : new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}) data.putLong(l);
        for (short s : new short[] {0x3C00, (short) 0xC000, 0x3800, 0x7C00}) data.putShort(s); // 1, -2, 0.5, +inf
        Path p = SafeTensorsTestFiles.write(dir, "hand.safetensors", file(header, data.array()));

        SafeTensorsContent c = SafeTensors.read(p);
        assertEquals(List.of("w", "scalar", "ids", "h", "empty"), List.copyOf(c.tensors().keySet()), "header order");
        assertEquals(Map.of("format", "pt", "note", "café \"q\" \uD83D\uDE00"), c.metadata());

        NDArray w = c.tensor("w");
        assertEquals(DType.FLOAT32, w.dtype());
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6.5f}, w.toFloatArray());
        assertEquals(-6.5, w.getDouble(1, 2));

        NDArray scalar = c.tensor("scalar");
        assertEquals(DType.FLOAT64, scalar.dtype());
        assertEquals(0, scalar.rank());
        assertEquals(-0.25, scalar.item());

        NDArray ids = c.tensor("ids");
        assertEquals(DType.INT64, ids.dtype());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, ids.toLongArray());

        NDArray h = c.tensor("h");
        assertEquals(DType.FLOAT16, h.dtype());
        assertArrayEquals(new short[] {0x3C00, (short) 0xC000, 0x3800, 0x7C00}, ((HostStorage.F16) h.storage()).data);
        assertArrayEquals(new float[] {1, -2, 0.5f, Float.POSITIVE_INFINITY}, h.toFloatArray());

        NDArray empty = c.tensor("empty");
        assertEquals(DType.FLOAT32, empty.dtype());
        assertArrayEquals(new int[] {0, 5}, empty.shape());
        assertEquals(0, empty.numel());
    }

    @Test
    void readsAnUnpaddedCompactHeaderWithoutMetadata() throws Exception {
        String header = "{\"x\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[8,11]}}";
        ByteBuffer data = le(11).putInt(-7).putInt(Integer.MAX_VALUE).put((byte) 1).put((byte) 0).put((byte) 2);
        SafeTensorsContent c = SafeTensors.read(SafeTensorsTestFiles.write(dir, "c.safetensors", file(header, data.array())));
        assertEquals(Map.of(), c.metadata());
        assertEquals(DType.INT32, c.tensor("x").dtype());
        assertArrayEquals(new long[] {-7, Integer.MAX_VALUE}, c.tensor("x").toLongArray());
        assertEquals(DType.BOOL, c.tensor("b").dtype());
        assertArrayEquals(new byte[] {1, 0, 1}, ((HostStorage.Bool) c.tensor("b").storage()).data, "non-zero bytes read as true");
    }

    @Test
    void readsAnEmptyFile() throws Exception {
        SafeTensorsContent c = SafeTensors.read(SafeTensorsTestFiles.write(dir, "e.safetensors", file("{}      ", new byte[0])));
        assertEquals(0, c.tensors().size());
        assertEquals(0, c.metadata().size());
    }

    @Test
    void readsBf16AsBfloat16AndNarrowIntegersExactly() throws Exception {
        String header = "{\"bf\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[6,8]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[8,10]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[10,14]},"
                + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[14,16]},"
                + "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
        ByteBuffer data = le(20);
        // bfloat16 = top 16 bits of the float32: 1.0f = 0x3F800000, -2.5f = 0xC0200000, 1 + 2^-7 = 0x3F810000.
        data.putShort((short) 0x3F80).putShort((short) 0xC020).putShort((short) 0x3F81);
        data.put((byte) 0xFF).put((byte) 7);
        data.put((byte) 0xFF).put((byte) 0x80);
        data.putShort((short) -300).putShort(Short.MAX_VALUE);
        data.putShort((short) 0xFFFF);
        data.putInt(0xFFFFFFFF);
        SafeTensorsContent c = SafeTensors.read(SafeTensorsTestFiles.write(dir, "n.safetensors", file(header, data.array())));
        assertEquals(DType.BFLOAT16, c.tensor("bf").dtype());
        assertArrayEquals(new float[] {1f, -2.5f, 1f + 1f / 128}, c.tensor("bf").toFloatArray());
        assertEquals(DType.INT32, c.tensor("u8").dtype());
        assertArrayEquals(new long[] {255, 7}, c.tensor("u8").toLongArray());
        assertArrayEquals(new long[] {-1, -128}, c.tensor("i8").toLongArray());
        assertArrayEquals(new long[] {-300, Short.MAX_VALUE}, c.tensor("i16").toLongArray());
        assertArrayEquals(new long[] {65535}, c.tensor("u16").toLongArray());
        assertEquals(DType.INT64, c.tensor("u32").dtype());
        assertArrayEquals(new long[] {4294967295L}, c.tensor("u32").toLongArray());
    }
}
