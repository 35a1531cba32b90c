package org.jgrad.nn.io;

import static org.jgrad.nn.io.SafeTensorsTestFiles.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jgrad writes, jgrad reads: every dtype, views, metadata, scalars, empty arrays. */
class SafeTensorsRoundTripTest {
    @TempDir
    Path dir;

    private SafeTensorsContent roundTrip(Map<String, NDArray> tensors, Map<String, String> metadata) throws Exception {
        Path p = dir.resolve("rt.safetensors");
        SafeTensors.write(p, tensors, metadata);
        return SafeTensors.read(p);
    }

    private static void assertSame(NDArray expected, NDArray actual, String name) {
        assertEquals(expected.dtype(), actual.dtype(), name + " dtype");
        assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        assertArrayEquals(bits(expected), bits(actual), name + " values");
        // (Shapes.isContiguous calls empty arrays of rank >= 2 from zeros() non-contiguous, so check only non-empty ones.)
        if (actual.numel() > 0) assertTrue(actual.isContiguous(), name + " contiguous");
    }

    @Test
    void everyDtypeWithEdgeValues() throws Exception {
        Random r = new Random(42);
        Map<String, NDArray> t = new LinkedHashMap<>();
        float[] f = new float[3 * 7];
        for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
        f[0] = Float.NaN; f[1] = -0f; f[2] = Float.NEGATIVE_INFINITY; f[3] = Float.MIN_VALUE; f[4] = Float.intBitsToFloat(0x7fc01234);
        t.put("f32", NDArray.fromArray(f).reshape(3, 7));
        double[] d = {Double.MAX_VALUE, -0.0, Double.NaN, 1e-310, Math.PI};
        t.put("f64", NDArray.fromArray(d));
        t.put("f16", NDArray.fromArray(new short[] {0x3C00, (short) 0x8000, 0x7E00, 0x0001, 0x7BFF, (short) 0xFC00}).reshape(2, 3));
        t.put("i32", NDArray.fromArray(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}));
        t.put("i64", NDArray.fromArray(new long[][] {{Long.MIN_VALUE, -1}, {0, Long.MAX_VALUE}}));
        t.put("bool", NDArray.fromArray(new boolean[][][] {{{true, false}}, {{false, true}}}));
        t.put("scalar", NDArray.scalar(2.5, DType.FLOAT32));
        t.put("empty", NDArray.zeros(DType.INT64, 4, 0, 2));
        SafeTensorsContent c = roundTrip(t, null);
        assertEquals(t.keySet(), c.tensors().keySet());
        for (String name : t.keySet()) assertSame(t.get(name), c.tensor(name), name);
        assertEquals(Map.of(), c.metadata());
    }

    @Test
    void largerThanOneIoChunk() throws Exception {
        Random r = new Random(7);
        double[] d = new double[20_011]; // 160 KB, several 64 KB chunks, not a multiple of one
        for (int i = 0; i < d.length; i++) d[i] = r.nextDouble();
        short[] h = new short[70_001];
        for (int i = 0; i < h.length; i++) h[i] = (short) r.nextInt();
        Map<String, NDArray> t = Map.of("d", NDArray.fromArray(d), "h", NDArray.fromArray(h));
        SafeTensorsContent c = roundTrip(t, null);
        assertSame(t.get("d"), c.tensor("d"), "d");
        assertSame(t.get("h"), c.tensor("h"), "h");
    }

    @Test
    void nonContiguousArraysAreWrittenAsTheirRowMajorValues() throws Exception {
        NDArray base = NDArray.fromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        NDArray transposed = base.transpose(0, 1);                 // [[1,4],[2,5],[3,6]]
        NDArray strided = NDArray.arange(10).slice(0, 1, 10, 3);    // [1,4,7], offset 1
        NDArray row = base.select(0, 1);                            // [4,5,6], offset 3
        NDArray broadcast = NDArray.of(9.0).expand(2, 3);           // stride 0
        Map<String, NDArray> t = Map.of("t", transposed, "s", strided, "r", row, "b", broadcast);
        SafeTensorsContent c = roundTrip(t, null);
        assertArrayEquals(new int[] {3, 2}, c.tensor("t").shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, c.tensor("t").toFloatArray());
        assertArrayEquals(new long[] {1, 4, 7}, c.tensor("s").toLongArray());
        assertArrayEquals(new float[] {4, 5, 6}, c.tensor("r").toFloatArray());
        assertArrayEquals(new double[] {9, 9, 9, 9, 9, 9}, c.tensor("b").toDoubleArray());
    }

    @Test
    void metadataAndAwkwardNamesSurvive() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("quotes \" and \\ backslash", "tab\tnewline\nnul\u0000 emoji \uD83D\uDE00 ü");
        meta.put("", "");
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("layer.0/weight \"x\"", NDArray.of(1f, 2f));
        t.put("日本語", NDArray.of(3L));
        SafeTensorsContent c = roundTrip(t, meta);
        assertEquals(meta, c.metadata());
        assertArrayEquals(new float[] {1, 2}, c.tensor("layer.0/weight \"x\"").toFloatArray());
        assertArrayEquals(new long[] {3}, c.tensor("日本語").toLongArray());
    }

    @Test
    void emptyMapAndOverwriteReplaceTheFile() throws Exception {
        Path p = dir.resolve("o.safetensors");
        SafeTensors.write(p, Map.of("a", NDArray.zeros(100)), Map.of("v", "1"));
        SafeTensors.write(p, Map.of(), Map.of("v", "2"));
        SafeTensorsContent c = SafeTensors.read(p);
        assertEquals(0, c.tensors().size());
        assertEquals(Map.of("v", "2"), c.metadata());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary files left");
        }
        assertFalse(Files.exists(dir.resolve("rt.safetensors")));
    }

    @Test
    void writingIsDeterministic() throws Exception {
        Map<String, NDArray> a = new LinkedHashMap<>();
        a.put("z", NDArray.of(1f));
        a.put("y", NDArray.of(2L));
        a.put("x", NDArray.of(true));
        Map<String, NDArray> b = new LinkedHashMap<>();
        b.put("x", a.get("x"));
        b.put("z", a.get("z"));
        b.put("y", a.get("y"));
        Path pa = dir.resolve("a.safetensors"), pb = dir.resolve("b.safetensors");
        SafeTensors.write(pa, a, Map.of("k", "v", "a", "b"));
        SafeTensors.write(pb, b, new LinkedHashMap<>(Map.of("a", "b", "k", "v")));
        assertArrayEquals(Files.readAllBytes(pa), Files.readAllBytes(pb));
    }
}
