package org.jgrad.nn.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.cpu.HostArrays;
import org.jgrad.tensor.cpu.HostStorage;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> file
 * format, the plain tensor container used by Hugging Face models.
 *
 * <h2>The format</h2>
 *
 * <pre>
 *   8 bytes   N, the header length: an unsigned 64-bit little-endian integer
 *   N bytes   the header: a UTF-8 JSON object, possibly followed by spaces (padding)
 *   the rest  the data section: every tensor's bytes, back to back
 * </pre>
 *
 * The header maps each tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets":
 * [begin, end]}}: the element type, the dimensions ({@code []} for a scalar, any 0 for an empty
 * tensor that occupies no bytes) and the byte range {@code [begin, end)} of the tensor within the
 * data section (not the file). The optional key {@code __metadata__} holds a string-to-string map.
 * Tensor data are little-endian, row-major (C order) and densely packed: no strides. The ranges
 * of all tensors together cover the data section exactly, without gaps or overlaps, and
 * {@code end - begin = numel * element size}. Names are unique (JSON duplicate keys are
 * forbidden). The reference implementation refuses headers over 100 MB, which bounds the JSON a
 * reader has to parse; so does jgrad ({@link #MAX_HEADER_BYTES}).
 *
 * <h2>Writing</h2>
 *
 * jgrad writes F32, F64, F16, BF16, I32, I64 and BOOL (its seven dtypes). Tensors are laid out by element
 * size, largest first, then by name (Java {@code String} order), which is deterministic and keeps
 * every tensor aligned to its element size; the header lists {@code __metadata__} first (keys
 * sorted, omitted when there are none), then the tensors in data order, as compact JSON padded
 * with spaces to a multiple of 8 bytes. Non-contiguous arrays and views are written as their
 * row-major values; arrays on other devices are copied to the host first. The file is written
 * {@linkplain AtomicFiles atomically}: to a temporary file next to the target, forced to disk,
 * then renamed over the target in one step, so a crash or an error leaves either the old file or
 * the complete new one, never a half-written file, and a failed write deletes its temporary file.
 *
 * <h2>Reading</h2>
 *
 * The whole file is validated before a tensor is built; any problem (truncated file, header
 * length beyond the file or the limit, invalid UTF-8 or JSON, duplicate names, missing fields,
 * unknown dtypes, a shape that disagrees with its byte range, gaps, overlaps, trailing bytes) is
 * an {@link IllegalArgumentException} naming the file and the problem. Besides jgrad's own seven
 * dtypes, files may hold U8, I8, I16 and U16 (read as int32) and U32 (read as int64). U64, the 8-bit
 * floats and complex types have no exact jgrad dtype and are rejected. Non-zero BOOL bytes read
 * as true. Unknown fields in a tensor entry are ignored.
 */
public final class SafeTensors {
    /** The largest header accepted or written: 100 MB, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Bytes moved per read or write call. */
    private static final int CHUNK = 1 << 16;

    private SafeTensors() {}

    // ================================================================ writing

    /**
     * Writes {@code tensors} and {@code metadata} to {@code path} atomically (see the class
     * comment for the layout).
     *
     * @param metadata the {@code __metadata__} strings, or null for none
     * @throws IllegalArgumentException a name is {@code __metadata__}, a name, value or key is
     *     null or holds an unpaired surrogate, or the header would exceed the limit
     * @throws IOException the file could not be written (the target is then left as it was)
     */
    public static void write(Path path, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        write(path, tensors, metadata, i -> {});
    }

    /** {@link #write} with a hook run after the data of the {@code i}-th tensor (in file order) is written; for tests. */
    static void write(Path path, Map<String, NDArray> tensors, Map<String, String> metadata, IntConsumer afterTensor)
            throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tensors, "tensors");
        Map<String, String> meta = new TreeMap<>();
        if (metadata != null) {
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                meta.put(checkText(m.getKey(), "metadata key"), checkText(m.getValue(), "metadata value of \"" + m.getKey() + "\""));
            }
        }
        List<Map.Entry<String, NDArray>> order = new ArrayList<>();
        for (Map.Entry<String, NDArray> t : tensors.entrySet()) {
            String name = checkText(t.getKey(), "tensor name");
            if (name.equals(SafeTensorsHeader.METADATA_KEY))
                throw new IllegalArgumentException("a tensor cannot be named " + SafeTensorsHeader.METADATA_KEY);
            if (t.getValue() == null) throw new IllegalArgumentException("tensor \"" + name + "\" is null");
            order.add(t);
        }
        Comparator<Map.Entry<String, NDArray>> bySize = Comparator.comparingInt(t -> -t.getValue().dtype().byteSize());
        order.sort(bySize.thenComparing(Map.Entry::getKey));

        List<SafeTensorsHeader.Entry> entries = new ArrayList<>();
        long at = 0;
        for (Map.Entry<String, NDArray> t : order) {
            NDArray a = t.getValue();
            SafeTensorsDType dtype = SafeTensorsDType.forWriting(a.dtype());
            long bytes = (long) a.numel() * dtype.size;
            entries.add(new SafeTensorsHeader.Entry(t.getKey(), dtype, a.shape(), a.numel(), at, at + bytes));
            at += bytes;
        }
        byte[] header = SafeTensorsHeader.encode(entries, meta);
        if (header.length > MAX_HEADER_BYTES)
            throw new IllegalArgumentException("the header would take " + header.length + " bytes, over the limit of " + MAX_HEADER_BYTES);

        AtomicFiles.write(path, ch -> {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length).flip();
            AtomicFiles.writeFully(ch, buf);
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            for (int i = 0; i < entries.size(); i++) {
                writeData(ch, buf, order.get(i).getValue(), entries.get(i).dtype());
                afterTensor.accept(i);
            }
        });
    }

    private static void writeData(FileChannel ch, ByteBuffer buf, NDArray a, SafeTensorsDType dtype) throws IOException {
        NDArray host = a.to(Device.CPU).contiguous();
        if (host.offset() != 0 || host.storage().size() != host.numel()) host = host.copy();
        Object array = HostArrays.data((HostStorage) host.storage());
        int n = host.numel();
        int perChunk = CHUNK / dtype.size;
        for (int i = 0; i < n; i += perChunk) {
            int count = Math.min(perChunk, n - i);
            buf.clear();
            dtype.encode(array, i, count, buf);
            buf.flip();
            AtomicFiles.writeFully(ch, buf);
        }
    }

    private static String checkText(String s, String what) {
        if (s == null) throw new IllegalArgumentException(what + " is null");
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " \"" + s + "\" holds an unpaired surrogate and has no UTF-8 form");
        }
        return s;
    }

    // ================================================================ reading

    /**
     * Reads every tensor and the metadata of the safetensors file at {@code path}.
     *
     * @throws IllegalArgumentException the file is not valid safetensors or holds a dtype jgrad
     *     cannot represent exactly; the message names the file and the problem
     * @throws IOException the file could not be read
     */
    public static SafeTensorsContent read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw invalid(path, "truncated: " + size + " bytes, shorter than the 8-byte header length", null);
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = lenBuf.flip().getLong();
            if (n < 0 || n > MAX_HEADER_BYTES)
                throw invalid(path, "header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes", null);
            if (n > size - 8)
                throw invalid(path, "header length " + n + " is larger than the " + (size - 8) + " bytes after the length field (truncated file?)", null);
            ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
            readFully(ch, headerBuf, 8);
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(headerBuf.flip())
                        .toString();
            } catch (CharacterCodingException e) {
                throw invalid(path, "the header is not valid UTF-8", e);
            }
            long dataStart = 8 + n;
            SafeTensorsHeader header;
            try {
                header = SafeTensorsHeader.parse(json, size - dataStart);
            } catch (IllegalArgumentException e) {
                throw invalid(path, e.getMessage(), e);
            }
            LinkedHashMap<String, NDArray> tensors = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (SafeTensorsHeader.Entry e : header.entries) {
                tensors.put(e.name(), readTensor(ch, buf, dataStart, e));
            }
            return new SafeTensorsContent(tensors, header.metadata);
        }
    }

    private static NDArray readTensor(FileChannel ch, ByteBuffer buf, long dataStart, SafeTensorsHeader.Entry e) throws IOException {
        SafeTensorsDType dtype = e.dtype();
        Object array = dtype.newTargetArray(e.numel());
        int perChunk = CHUNK / dtype.size;
        long at = dataStart + e.begin();
        for (int i = 0; i < e.numel(); i += perChunk) {
            int count = Math.min(perChunk, e.numel() - i);
            buf.clear().limit(count * dtype.size);
            readFully(ch, buf, at);
            buf.flip();
            dtype.decode(buf, array, i, count);
            at += (long) count * dtype.size;
        }
        HostStorage storage = switch (dtype.target) {
            case BOOL -> new HostStorage.Bool((byte[]) array);
            case INT32 -> new HostStorage.I32((int[]) array);
            case INT64 -> new HostStorage.I64((long[]) array);
            case FLOAT16 -> new HostStorage.F16((short[]) array);
            case BFLOAT16 -> new HostStorage.BF16((short[]) array);
            case FLOAT32 -> new HostStorage.F32((float[]) array);
            case FLOAT64 -> new HostStorage.F64((double[]) array);
        };
        int[] shape = e.shape();
        return new NDArray(storage, shape, Shapes.contiguousStrides(shape), 0);
    }

    /** Fills {@code buf} from file position {@code at}; the file was measured, so an early end means it shrank. */
    private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at);
            if (r < 0) throw new EOFException("file ended early (changed while being read?)");
            at += r;
        }
    }

    private static IllegalArgumentException invalid(Path path, String problem, Throwable cause) {
        return new IllegalArgumentException("not a valid safetensors file " + path + ": " + problem, cause);
    }
}
