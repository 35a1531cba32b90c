package org.jgrad.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.cpu.HostArrays;
import org.jgrad.tensor.cpu.HostStorage;

/** Helpers that build safetensors bytes by hand, independently of the code under test. */
final class SafeTensorsTestFiles {
    private SafeTensorsTestFiles() {}

    /** 8-byte little-endian length of {@code header}'s UTF-8 bytes, the header, then {@code data}. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The element bit patterns of {@code a} in row-major order, so NaN payloads and -0.0 compare exactly. */
    static long[] bits(NDArray a) {
        NDArray c = a.contiguous();
        if (c.offset() != 0 || c.storage().size() != c.numel()) c = c.copy();
        Object data = HostArrays.data((HostStorage) c.storage());
        int n = c.numel();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (data instanceof float[] f) out[i] = Float.floatToRawIntBits(f[i]);
            else if (data instanceof double[] d) out[i] = Double.doubleToRawLongBits(d[i]);
            else if (data instanceof short[] s) out[i] = s[i];
            else if (data instanceof int[] x) out[i] = x[i];
            else if (data instanceof long[] l) out[i] = l[i];
            else out[i] = ((byte[]) data)[i];
        }
        return out;
    }
}
