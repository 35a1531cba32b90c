package org.jgrad.training.fuzz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.jgrad.nn.io.ModelFiles;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.io.SafeTensorsContent;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.Cifar10Reader;
import org.jgrad.training.data.IdxReader;
import org.jgrad.training.learner.Learner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpus of the fuzz targets: real small files written by jgrad's own writers (a
 * model file, a learner checkpoint, IDX, CSV, CIFAR-10 records, PNG and JPEG images) and the
 * malformed files of the bad-input table ({@code FileReaderBadInputTest}), each into
 * {@code <Target>Inputs/<method>/} where Jazzer's JUnit integration finds it. Run only when asked:
 * {@code mvn test -pl training -Dtest=FuzzSeeds -Djgrad.fuzz.seeds=src/test/resources/org/jgrad/training/fuzz}.
 * Findings of the fuzzer are added to the same folders by hand, named {@code finding-*}.
 */
class FuzzSeeds {
    private Path out;

    @Test
    @EnabledIfSystemProperty(named = "jgrad.fuzz.seeds", matches = ".+")
    void write() throws IOException {
        out = Path.of(System.getProperty("jgrad.fuzz.seeds"));
        safetensors();
        json();
        modelFiles();
        checkpoints();
        idx();
        csv();
        cifar();
        images();
        folders();
    }

    private void seed(String target, String method, String name, byte[] bytes) throws IOException {
        Path dir = Files.createDirectories(out.resolve(target + "Inputs").resolve(method));
        Files.write(dir.resolve("seed-" + name), bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(bytes);
        }
        return b.toByteArray();
    }

    /** A safetensors file: the 8-byte little-endian header length, the header, then {@code dataBytes} bytes. */
    static byte[] safetensors(String header, int dataBytes) {
        byte[] h = utf8(header);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    /** A seed of the header target: the header text, then the data section's length in two bytes. */
    static byte[] headerSeed(String header, int dataBytes) {
        byte[] h = utf8(header);
        byte[] s = Arrays.copyOf(h, h.length + 2);
        s[h.length] = (byte) dataBytes;
        s[h.length + 1] = (byte) (dataBytes >> 8);
        return s;
    }

    private static byte[] savedModel() throws IOException {
        Path f = Files.createTempFile("seed", ".safetensors");
        ModelFiles.save(new Linear(3, 2, true, new Generator(0)), f);
        byte[] b = Files.readAllBytes(f);
        Files.delete(f);
        return b;
    }

    /** Headers of the bad-input table and of the list (overlaps, gaps, duplicates, overflow, metadata). */
    static final Map<String, String[]> HEADERS = new LinkedHashMap<>();

    static {
        String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        HEADERS.put("two-tensors", new String[] {"{\"__metadata__\":{\"k\":\"v\"}," + w + ",\"b\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[8,12]}}", "12"});
        HEADERS.put("every-dtype", new String[] {"{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"c\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]},\"d\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[20,24]},"
                + "\"e\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[24,26]},\"f\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[26,28]},"
                + "\"g\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[28,30]},\"h\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[30,32]},"
                + "\"i\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[32,33]},\"j\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[33,34]},"
                + "\"k\":{\"dtype\":\"U8\",\"shape\":[0,3],\"data_offsets\":[34,34]}}", "34"});
        HEADERS.put("offsets-disagree-with-shape", new String[] {"{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "8"});
        HEADERS.put("overlap", new String[] {"{" + w + ",\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "8"});
        HEADERS.put("gap", new String[] {"{" + w + ",\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", "16"});
        HEADERS.put("past-the-end", new String[] {"{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", "8"});
        HEADERS.put("trailing-bytes", new String[] {"{" + w + "}", "12"});
        HEADERS.put("duplicate-name", new String[] {"{" + w + "," + w + "}", "8"});
        HEADERS.put("2-to-the-40-elements", new String[] {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1048576,1048576],\"data_offsets\":[0,4398046511104]}}", "8"});
        HEADERS.put("shape-overflows-long", new String[] {"{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", "8"});
        HEADERS.put("bytes-overflow-long", new String[] {"{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647],\"data_offsets\":[0,17179869176]}}", "8"});
        HEADERS.put("offset-beyond-long", new String[] {"{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[18446744073709551615,0]}}", "8"});
        HEADERS.put("metadata-not-a-map", new String[] {"{\"__metadata__\":[\"a\"]," + w + "}", "8"});
        HEADERS.put("metadata-value-not-a-string", new String[] {"{\"__metadata__\":{\"k\":3}," + w + "}", "8"});
        HEADERS.put("unknown-dtype", new String[] {"{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", "16"});
        HEADERS.put("unsupported-dtype", new String[] {"{\"w\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}", "8"});
        HEADERS.put("negative-dimension", new String[] {"{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "4"});
        HEADERS.put("fractional-offset", new String[] {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}}", "4"});
        HEADERS.put("missing-shape", new String[] {"{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "4"});
        HEADERS.put("deep-nesting", new String[] {"{\"w\":" + "[".repeat(100) + "]".repeat(100) + "}", "0"});
        HEADERS.put("not-an-object", new String[] {"[1,2,3]", "0"});
        HEADERS.put("escaped-names", new String[] {"{\"\\u00e9\\ud83d\\ude00\\n\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}   ", "1"});
        HEADERS.put("unpaired-surrogate-name", new String[] {"{\"\\ud800\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", "1"});
    }

    private void safetensors() throws IOException {
        byte[] model = savedModel();
        seed("SafeTensorsFuzzTest", "file", "linear-model", model);
        byte[] corrupt = model.clone();
        corrupt[9] = '[';
        seed("SafeTensorsFuzzTest", "file", "corrupt-header", corrupt);
        seed("SafeTensorsFuzzTest", "file", "truncated", Arrays.copyOf(model, model.length - 3));
        seed("SafeTensorsFuzzTest", "file", "header-length-past-the-end",
                ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        seed("SafeTensorsFuzzTest", "file", "header-length-2-to-the-63", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MIN_VALUE).array());
        seed("SafeTensorsFuzzTest", "file", "shorter-than-the-length", new byte[] {4, 0, 0});
        byte[] notUtf8 = safetensors("{\"\u00ff\u00ff\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
        notUtf8[10] = (byte) 0xff;   // the name's first byte: 0xff is never UTF-8
        notUtf8[11] = (byte) 0xfe;
        seed("SafeTensorsFuzzTest", "file", "name-not-utf8", notUtf8);
        for (Map.Entry<String, String[]> h : HEADERS.entrySet()) {
            int data = Integer.parseInt(h.getValue()[1]);
            seed("SafeTensorsFuzzTest", "header", h.getKey(), headerSeed(h.getValue()[0], data));
            seed("SafeTensorsFuzzTest", "file", h.getKey(), safetensors(h.getValue()[0], data));
        }
    }

    private void json() throws IOException {
        String[] texts = {"{}", "[]", "null", "true", "-0.5e+10", "123456789012345678901234567890", "\"\\u00e9\\ud83d\\ude00\\t\"",
                "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}", "{\"a\":1,\"a\":2}", "[1,]", "01", "\"\\ud800\"", "\"\u0001\"", "[".repeat(70),
                "{\"a\" 1}", "1 2", "\"\\x\"", "tru", HEADERS.get("two-tensors")[0]};
        for (int i = 0; i < texts.length; i++) seed("JsonReaderFuzzTest", "parse", "text-" + i, utf8(texts[i]));
    }

    private void modelFiles() throws IOException {
        byte[] model = savedModel();
        seed("ModelFileFuzzTest", "load", "linear-3-2", model);
        Path f = Files.createTempFile("seed", ".safetensors");
        ModelFiles.save(new Linear(4, 2, true, new Generator(0)), f);
        seed("ModelFileFuzzTest", "load", "linear-4-2-another-model", Files.readAllBytes(f));
        Map<String, NDArray> one = new LinkedHashMap<>(SafeTensors.read(f).tensors());
        one.remove("bias");
        SafeTensors.write(f, one, Map.of(ModelFiles.FORMAT_KEY, "1"));
        seed("ModelFileFuzzTest", "load", "missing-key", Files.readAllBytes(f));
        SafeTensors.write(f, SafeTensors.read(f).tensors(), Map.of(ModelFiles.FORMAT_KEY, "99"));
        seed("ModelFileFuzzTest", "load", "newer-format", Files.readAllBytes(f));
        Files.delete(f);
        byte[] corrupt = model.clone();
        corrupt[9] = '[';
        seed("ModelFileFuzzTest", "load", "corrupt-header", corrupt);
    }

    private void checkpoints() throws IOException {
        Path f = Files.createTempFile("seed", ".safetensors");
        Learner l = CheckpointFuzzTest.trained();
        l.save(f);
        seed("CheckpointFuzzTest", "load", "trained-one-epoch", Files.readAllBytes(f));
        SafeTensorsContent content = SafeTensors.read(f);
        // The optimizer state does not match the model: one exp_avg of the wrong shape.
        Map<String, NDArray> tensors = new LinkedHashMap<>(content.tensors());
        String buffer = tensors.keySet().stream().filter(k -> k.startsWith("opt.state.") && k.endsWith("exp_avg")).findFirst().orElseThrow();
        tensors.put(buffer, NDArray.zeros(DType.FLOAT32, 5));
        SafeTensors.write(f, tensors, content.metadata());
        seed("CheckpointFuzzTest", "load", "optimizer-state-of-another-shape", Files.readAllBytes(f));
        // The optimizer state names a parameter the model does not have.
        tensors = new LinkedHashMap<>(content.tensors());
        tensors.put("opt.state.99.exp_avg", NDArray.zeros(DType.FLOAT32, 3));
        SafeTensors.write(f, tensors, content.metadata());
        seed("CheckpointFuzzTest", "load", "optimizer-state-of-no-parameter", Files.readAllBytes(f));
        // Bad metadata.
        Map<String, String> meta = new LinkedHashMap<>(content.metadata());
        meta.put("frozen_layer_groups", "7");
        SafeTensors.write(f, content.tensors(), meta);
        seed("CheckpointFuzzTest", "load", "frozen-beyond-the-groups", Files.readAllBytes(f));
        meta = new LinkedHashMap<>(content.metadata());
        meta.remove("epoch");
        SafeTensors.write(f, content.tensors(), meta);
        seed("CheckpointFuzzTest", "load", "no-epoch", Files.readAllBytes(f));
        Files.delete(f);
    }

    static byte[] idx(int magic, int[] dims, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes).order(ByteOrder.BIG_ENDIAN).putInt(magic);
        for (int d : dims) b.putInt(d);
        for (int i = 0; i < dataBytes; i++) b.put((byte) (i * 37));
        return b.array();
    }

    private void idx() throws IOException {
        int images = IdxReader.IMAGES_MAGIC, labels = IdxReader.LABELS_MAGIC;
        byte[] four = idx(images, new int[] {4, 3, 3}, 36);
        seed("IdxFuzzTest", "read", "four-images", four);
        seed("IdxFuzzTest", "read", "four-images-gzipped", gzip(four));
        seed("IdxFuzzTest", "read", "three-labels", idx(labels, new int[] {3}, 3));
        seed("IdxFuzzTest", "read", "wrong-magic", idx(0x12345678, new int[] {1, 2, 2}, 4));
        seed("IdxFuzzTest", "read", "shorter-than-a-magic", new byte[] {0, 0, 8});
        seed("IdxFuzzTest", "read", "truncated-header", Arrays.copyOf(four, 10));
        seed("IdxFuzzTest", "read", "truncated-data", Arrays.copyOf(four, four.length - 5));
        byte[] z = gzip(four);
        seed("IdxFuzzTest", "read", "truncated-gzip", Arrays.copyOf(z, z.length / 2));
        seed("IdxFuzzTest", "read", "trailing-bytes", idx(labels, new int[] {2}, 5));
        seed("IdxFuzzTest", "read", "negative-count", idx(labels, new int[] {-4}, 0));
        seed("IdxFuzzTest", "read", "zero-rows", idx(images, new int[] {1, 0, 28}, 0));
        seed("IdxFuzzTest", "read", "dimensions-overflow-long", idx(images, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, 0));
    }

    private void csv() throws IOException {
        String[] texts = {"a,b,label\n1,2.5,x\n3,-4e2,y\n\n5,6,x\n", "\uFEFF1,2,0\n3,4,1\n", "name,v\n\"a, \"\"quoted\"\"\",1\n \"b\" ,2\n",
                "a,b,c\n1,2,3\n4,5\n", "1,2\n3,4,5\n", "x,y\n1,0\nabc,1\n", "a,b\n\"x,1\n", "\n\n", "a,a\n1,2\n", "a,b\n1,NaN\nInfinity,2\n",
                "x\n\"a\"b\n"};
        for (int i = 0; i < texts.length; i++) seed("CsvFuzzTest", "read", "table-" + i, utf8(texts[i]));
        seed("CsvFuzzTest", "read", "table-0-gzipped", gzip(utf8(texts[0])));
        byte[] notUtf8 = utf8("a,b\n1,2\n");
        notUtf8[5] = (byte) 0xff;
        seed("CsvFuzzTest", "read", "not-utf8", notUtf8);
    }

    private void cifar() throws IOException {
        byte[] two = new byte[2 * Cifar10Reader.RECORD_BYTES];
        for (int i = 0; i < two.length; i++) two[i] = (byte) (i * 31);
        two[0] = 3;
        two[Cifar10Reader.RECORD_BYTES] = 9;
        byte[] one = Arrays.copyOf(two, Cifar10Reader.RECORD_BYTES);
        seed("Cifar10FuzzTest", "read", "one-record", one);
        seed("Cifar10FuzzTest", "read", "two-records-gzipped", gzip(two));
        seed("Cifar10FuzzTest", "read", "truncated", Arrays.copyOf(two, two.length - 10));
        byte[] badLabel = one.clone();
        badLabel[0] = 12;
        seed("Cifar10FuzzTest", "read", "label-out-of-range", badLabel);
        seed("Cifar10FuzzTest", "read", "empty", new byte[0]);
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, b)) throw new IllegalStateException("no writer for " + format);
        return b.toByteArray();
    }

    private void images() throws IOException {
        int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_USHORT_GRAY,
                BufferedImage.TYPE_BYTE_BINARY, BufferedImage.TYPE_BYTE_INDEXED};
        String[] names = {"grey8", "rgb", "rgba", "grey16", "binary", "palette"};
        for (int t = 0; t < types.length; t++) {
            BufferedImage img = new BufferedImage(5, 3, types[t]);
            for (int y = 0; y < 3; y++) for (int x = 0; x < 5; x++) img.setRGB(x, y, 0xff000000 | (x * 50) << 16 | (y * 80) << 8 | (x * y * 20));
            seed("ImageFuzzTest", "decode", names[t] + ".png", encode(img, "png"));
        }
        BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) rgb.setRGB(x, y, (x * 30) << 16 | (y * 30) << 8 | 128);
        seed("ImageFuzzTest", "decode", "rgb.jpg", encode(rgb, "jpg"));
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        seed("ImageFuzzTest", "decode", "grey.jpg", encode(grey, "jpg"));
        seed("ImageFuzzTest", "decode", "not-an-image", utf8("hello"));
        byte[] png = encode(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY), "png");
        byte[] huge = png.clone();   // IHDR width and height (bytes 16..23) set to 65535 × 65535
        for (int i = 16; i < 24; i++) huge[i] = (byte) ((i % 4 < 2) ? 0 : 0xff);
        seed("ImageFuzzTest", "decode", "declares-65535x65535", huge);
        seed("ImageFuzzTest", "decode", "truncated-png", Arrays.copyOf(png, png.length - 20));
    }

    private void folders() throws IOException {
        // Bytes for the FuzzedDataProvider: any bytes make some tree; a few lengths to start from.
        for (int n : new int[] {0, 16, 64, 200}) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte) (i * 73 + 11);
            seed("ImageFolderFuzzTest", "scan", "tree-" + n, b);
        }
    }
}
