package org.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    /** A module with a float buffer and an int64 buffer, to check that buffers travel too. */
    static final class Scale extends Module {
        Scale(int n, Generator g) {
            registerParameter("gain", NDArray.rand(g, DType.FLOAT32, n));
            registerBuffer("offset", NDArray.randn(g, DType.FLOAT32, n));
            registerBuffer("steps", NDArray.of(g.seed() * 10 + 3));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(namedParameters().get("gain")).add(Tensor.of(buffer("offset")));
        }
    }

    private static Sequential model(long seed, int hidden) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(4, hidden, true, g), new Activations.ReLU(), new Linear(hidden, 3, true, g), new Scale(3, g));
    }

    private static NDArray input() {
        return NDArray.randn(new Generator(99), DType.FLOAT32, 5, 4);
    }

    /** Every value's exact bits, by key: float32 as raw int bits, integers as longs. */
    private static Map<String, long[]> bits(Module m) {
        Map<String, long[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> {
            long[] b;
            if (v.dtype() == DType.FLOAT32) {
                float[] f = v.toFloatArray();
                b = new long[f.length];
                for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
            } else {
                b = v.toLongArray();
            }
            out.put(k + ":" + v.dtype() + Arrays.toString(v.shape()), b);
        });
        return out;
    }

    private static void assertSameBits(Map<String, long[]> expected, Module m) {
        Map<String, long[]> now = bits(m);
        assertEquals(expected.keySet(), now.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, now.get(k), k + " changed"));
    }

    @Test
    void roundTripIntoAFreshModelGivesIdenticalOutputsAndRecordsTheFormatVersion() throws IOException {
        Sequential a = model(1, 6), b = model(2, 6);
        Path file = dir.resolve("model.safetensors");
        float[] outA = a.forward(Tensor.of(input())).data().toFloatArray();
        assertFalse(Arrays.equals(outA, b.forward(Tensor.of(input())).data().toFloatArray()), "different seeds differ");
        a.save(file);
        Tensor weightBefore = b.namedParameters().get("0.weight");
        b.load(file, true);
        assertSame(weightBefore, b.namedParameters().get("0.weight"), "parameters keep their identity");
        assertArrayEquals(outA, b.forward(Tensor.of(input())).data().toFloatArray(), 0f);
        assertSameBits(bits(a), b);
        assertEquals(13, b.stateDict().get("3.steps").getLong(0));

        Map<String, String> meta = SafeTensors.read(file).metadata();
        assertEquals(Integer.toString(ModelFiles.FORMAT_VERSION), meta.get(ModelFiles.FORMAT_KEY));
        assertEquals(Sequential.class.getName(), meta.get(ModelFiles.MODULE_KEY));
        assertEquals(meta, ModelFiles.load(model(3, 6), file, true));
    }

    @Test
    void savingReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        model(1, 6).save(file);
        Sequential c = model(5, 6);
        c.save(file);
        Sequential d = model(6, 6);
        d.load(file, true);
        assertSameBits(bits(c), d);
    }

    private void assertFailsUnchanged(Module m, Path file, boolean strict, String... fragments) {
        Map<String, long[]> before = bits(m);
        Map<String, NDArray> objects = m.stateDict();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.load(file, strict));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        assertSameBits(before, m);
        m.stateDict().forEach((k, v) -> assertSame(objects.get(k), v, k + " was replaced by a failed load"));
    }

    @Test
    void truncatedAndCorruptFilesLeaveTheModelAsItWas() throws IOException {
        Path good = dir.resolve("good.safetensors");
        model(1, 6).save(good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 7));
        assertFailsUnchanged(model(2, 6), truncated, true);

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, Arrays.copyOf(bytes, 5));
        assertFailsUnchanged(model(2, 6), tiny, true, "truncated");

        Path corrupt = dir.resolve("corrupt.safetensors");
        byte[] bad = bytes.clone();
        for (int i = 8; i < 20; i++) bad[i] = (byte) '#';
        Files.write(corrupt, bad);
        assertFailsUnchanged(model(2, 6), corrupt, false);
    }

    @Test
    void missingAndUnexpectedKeysAreAllListedInStrictMode() throws IOException {
        Path file = dir.resolve("other.safetensors");
        Generator g = new Generator(4);
        new Sequential(new Linear(4, 6, false, g), new Activations.ReLU(), new Linear(6, 3, true, g), new Linear(3, 3, true, g)).save(file);
        Sequential m = model(2, 6);
        assertFailsUnchanged(m, file, true, "missing keys [0.bias, 3.gain, 3.offset, 3.steps]", "unexpected keys [3.bias, 3.weight]");
        // non-strict: the common keys load, the rest stays
        Map<String, long[]> before = bits(m);
        m.load(file, false);
        Map<String, NDArray> saved = SafeTensors.read(file).tensors();
        assertArrayEquals(saved.get("0.weight").toFloatArray(), m.stateDict().get("0.weight").toFloatArray(), 0f);
        assertArrayEquals(before.get("0.bias:float32[6]"), bits(m).get("0.bias:float32[6]"));
    }

    @Test
    void shapeMismatchesNameTheKeysAndShapes() throws IOException {
        Path file = dir.resolve("wide.safetensors");
        model(1, 8).save(file);
        assertFailsUnchanged(model(2, 6), file, false, "'0.weight': the model has (6, 4), the state has (8, 4)", "'2.weight'", "'0.bias'");
    }

    @Test
    void aNewerFormatVersionIsRefused() throws IOException {
        Path file = dir.resolve("future.safetensors");
        Sequential a = model(1, 6);
        SafeTensors.write(file, a.stateDict(), Map.of(ModelFiles.FORMAT_KEY, "99"));
        assertFailsUnchanged(model(2, 6), file, true, "format version 99");
        // a file without the entry (another tool's) loads
        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, a.stateDict(), null);
        Sequential b = model(3, 6);
        b.load(plain, true);
        assertSameBits(bits(a), b);
    }

    @Test
    void aMissingFileIsAnIOException() {
        assertThrows(IOException.class, () -> model(1, 6).load(dir.resolve("nope.safetensors"), true));
    }
}
