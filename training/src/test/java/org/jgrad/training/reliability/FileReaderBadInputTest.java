package org.jgrad.training.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.jgrad.nn.io.ModelFiles;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.Cifar10Reader;
import org.jgrad.training.data.CsvTable;
import org.jgrad.training.data.IdxReader;
import org.jgrad.training.data.ImageFiles;
import org.jgrad.training.data.ImageFolder;
import org.jgrad.training.learner.Learner;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed files: IDX (MNIST's format), safetensors (model files and checkpoints), CSV and the
 * CIFAR-10 binary format. Every rejection names the file and what is wrong with it.
 */
class FileReaderBadInputTest extends BadInputSuite {
    @TempDir Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path text(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An IDX file: the magic number, the dimensions (big-endian ints), then {@code data}. */
    static byte[] idx(int magic, int[] dims, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes).order(ByteOrder.BIG_ENDIAN).putInt(magic);
        for (int d : dims) b.putInt(d);
        return b.array();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    /** A safetensors file: the 8-byte little-endian header length, the header text, then {@code dataBytes} zero bytes. */
    static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    @Override
    Stream<BadInput> cases() throws IOException {
        int images = IdxReader.IMAGES_MAGIC, labels = IdxReader.LABELS_MAGIC;
        Path goodLabels = file("good-labels.idx", idx(labels, new int[] {3}, 3));
        Path fourImages = file("four-images.idx", idx(images, new int[] {4, 2, 2}, 16));
        byte[] wholeImages = idx(images, new int[] {2, 28, 28}, 2 * 784);
        Path model = dir.resolve("linear.safetensors");
        ModelFiles.save(new Linear(3, 2, true, new Generator(0)), model);
        byte[] modelBytes = Files.readAllBytes(model);
        byte[] corruptHeader = modelBytes.clone();
        corruptHeader[9] = '[';   // the header's '{' (byte 8) is followed by a name's quote
        byte[] record = new byte[Cifar10Reader.RECORD_BYTES];
        String w2 = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        byte[] badLabel = record.clone();
        badLabel[0] = 12;

        return Stream.of(
                // IDX
                BadInput.of("IDX wrong magic", () -> IdxReader.readImages(file("magic.idx", idx(0x12345678, new int[] {1, 2, 2}, 4))),
                        "magic.idx", "wrong magic number 0x12345678", "0x00000803"),
                BadInput.of("IDX labels read as images", () -> IdxReader.readImages(goodLabels), "good-labels.idx", "this is a labels file"),
                BadInput.of("IDX shorter than a magic number", () -> IdxReader.readLabels(file("tiny.idx", new byte[] {0, 0, 8})),
                        "tiny.idx", "truncated", "3"),
                BadInput.of("IDX truncated header", () -> IdxReader.readImages(file("header.idx", Arrays.copyOf(wholeImages, 10))),
                        "header.idx", "truncated", "16-byte header"),
                BadInput.of("IDX truncated data", () -> IdxReader.readImages(file("cut.idx", Arrays.copyOf(wholeImages, wholeImages.length - 100))),
                        "cut.idx", "truncated", "" + (16 + 2 * 784), "" + (wholeImages.length - 100)),
                BadInput.of("IDX truncated gzip", () -> {
                    byte[] z = gzip(wholeImages);
                    IdxReader.readImages(file("cut.idx.gz", Arrays.copyOf(z, z.length / 2)));
                }, "cut.idx.gz", "gzip"),
                BadInput.of("IDX trailing bytes", () -> IdxReader.readLabels(file("long.idx", idx(labels, new int[] {2}, 5))), "long.idx", "3 unexpected bytes"),
                BadInput.of("IDX negative count", () -> IdxReader.readLabels(file("neg.idx", idx(labels, new int[] {-4}, 0))), "neg.idx", "-4"),
                BadInput.of("IDX zero rows", () -> IdxReader.readImages(file("zero.idx", idx(images, new int[] {1, 0, 28}, 0))), "zero.idx", "dimensions", "0"),
                BadInput.of("IDX images and labels disagree", () -> IdxReader.read(fourImages, goodLabels), "four-images.idx", "good-labels.idx", "4 images", "3 labels"),
                BadInput.of("IDX missing file", NoSuchFileException.class, () -> IdxReader.readImages(dir.resolve("absent.idx")), "absent.idx"),
                BadInput.of("IDX dimensions whose product wraps (fuzzing)", () -> IdxReader.readImages(file("wrap.idx", idx(images, new int[] {1 << 30, 1 << 30, 16}, 0))),
                        "wrap.idx", "1073741824 × 1073741824 × 16", "2^63"),
                // safetensors: model files and checkpoints
                BadInput.of("safetensors corrupt header", () -> SafeTensors.read(file("corrupt.safetensors", corruptHeader)), "corrupt.safetensors", "JSON"),
                BadInput.of("safetensors truncated", () -> SafeTensors.read(file("cut.safetensors", Arrays.copyOf(modelBytes, modelBytes.length - 3))),
                        "cut.safetensors", "truncated"),
                BadInput.of("safetensors header length past the end", () -> SafeTensors.read(file("len.safetensors",
                        ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array())), "len.safetensors", "header length 1000"),
                BadInput.of("safetensors offsets disagree with the shape", () -> SafeTensors.read(file("offsets.safetensors",
                        safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8))), "offsets.safetensors", "\"w\"", "needs 12"),
                BadInput.of("safetensors tensors overlap", () -> SafeTensors.read(file("overlap.safetensors", safetensors("{" + w2 + ","
                        + "\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8))), "overlap.safetensors", "\"v\"", "overlaps", "\"w\""),
                BadInput.of("safetensors gap between tensors", () -> SafeTensors.read(file("gap.safetensors", safetensors("{" + w2 + ","
                        + "\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16))), "gap.safetensors", "gap", "[8, 12)"),
                BadInput.of("safetensors tensor past the end", () -> SafeTensors.read(file("past.safetensors",
                        safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8))), "past.safetensors", "truncated", "16", "8"),
                BadInput.of("safetensors duplicate names", () -> SafeTensors.read(file("twice.safetensors", safetensors("{" + w2 + "," + w2 + "}", 8))),
                        "twice.safetensors", "duplicate key \"w\""),
                BadInput.of("safetensors name not UTF-8", () -> {
                    byte[] b = safetensors("{\"ab\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
                    b[10] = (byte) 0xff;
                    SafeTensors.read(file("utf8.safetensors", b));
                }, "utf8.safetensors", "UTF-8"),
                BadInput.of("safetensors 2^40 elements in a small file", () -> SafeTensors.read(file("huge.safetensors",
                        safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[1048576,1048576],\"data_offsets\":[0,4398046511104]}}", 8))),
                        "huge.safetensors", "[1048576, 1048576]", "elements"),
                BadInput.of("safetensors shape product overflows long", () -> SafeTensors.read(file("overflow.safetensors",
                        safetensors("{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", 8))),
                        "overflow.safetensors", "elements"),
                BadInput.of("safetensors __metadata__ not a string map", () -> SafeTensors.read(file("meta.safetensors",
                        safetensors("{\"__metadata__\":{\"k\":3}," + w2 + "}", 8))), "meta.safetensors", "__metadata__", "\"k\"", "not a string"),
                BadInput.of("safetensors number beyond BigDecimal (fuzzing)", () -> SafeTensors.read(file("exponent.safetensors",
                        safetensors("{\"w\":1e10000000000}", 0))), "exponent.safetensors", "out of range", "character 5"),
                BadInput.of("model file for another model", () -> ModelFiles.load(new Linear(4, 2, true, new Generator(0)), model, true),
                        "linear.safetensors", "weight", "(2, 3)", "(2, 4)"),
                BadInput.of("model file with a corrupt header", () -> ModelFiles.load(new Linear(3, 2, true, new Generator(0)), file("bad-model.safetensors", corruptHeader), true),
                        "bad-model.safetensors"),
                // CSV
                BadInput.of("CSV row with a missing field", () -> CsvTable.read(text("short.csv", "a,b,c\n1,2,3\n4,5\n"), true),
                        "short.csv", "line 3", "2 fields, expected 3"),
                BadInput.of("CSV row with an extra field", () -> CsvTable.read(text("long.csv", "1,2\n3,4,5\n"), false), "long.csv", "line 2", "3 fields, expected 2"),
                BadInput.of("CSV text in a number column", () -> CsvTable.read(text("text.csv", "x,y\n1,0\nabc,1\n"), true).toLabeled("y", true),
                        "text.csv", "line 3", "'x'", "'abc' is not a number"),
                BadInput.of("CSV unterminated quote", () -> CsvTable.read(text("quote.csv", "a,b\n\"x,1\n"), true), "quote.csv", "line 2", "unterminated"),
                BadInput.of("CSV empty", () -> CsvTable.read(text("empty.csv", "\n\n"), true), "empty.csv", "empty"),
                BadInput.of("CSV repeated column", () -> CsvTable.read(text("twice.csv", "a,a\n1,2\n"), true), "twice.csv", "repeats"),
                BadInput.of("CSV unknown label column", () -> CsvTable.read(text("cols.csv", "a,b\n1,2\n"), true).toLabeled("label", true), "cols.csv", "'label'", "[a, b]"),
                BadInput.of("CSV row out of range", () -> CsvTable.read(text("rows.csv", "a\n1\n"), true).cell(5, 0), "rows.csv", "row 5", "1 rows"),
                // CIFAR-10
                BadInput.of("CIFAR truncated", () -> Cifar10Reader.read(List.of(file("data_batch_1.bin", Arrays.copyOf(record, 2 * record.length - 10)))),
                        "data_batch_1.bin", "not a whole number", "3073", "1 records"),
                BadInput.of("CIFAR label out of range", () -> Cifar10Reader.read(List.of(file("labels.bin", badLabel))), "labels.bin", "label 12", "record 0"),
                BadInput.of("CIFAR empty", () -> Cifar10Reader.read(List.of(file("empty.bin", new byte[0]))), "empty.bin", "empty"),
                BadInput.of("CIFAR folder without the files", NoSuchFileException.class,
                        () -> Cifar10Reader.readSplit(dir, org.jgrad.training.data.Split.TEST), Cifar10Reader.TEST_FILE),
                // images and image folders
                BadInput.of("image declaring 65535×65535 in a few bytes", () -> ImageFiles.read(file("huge.png", hugePng()), 3),
                        "huge.png", "65535×65535", "pixels", "per byte"),
                BadInput.of("image truncated", () -> ImageFiles.read(file("cut.png", Arrays.copyOf(png(4, 4), 40)), 3), "cut.png", "PNG"),
                BadInput.of("image of no known format", () -> ImageFiles.read(text("hello.png", "hello"), 3), "hello.png", "not a PNG, JPEG"),
                BadInput.of("image folder class linked outside (fuzzing)", () -> ImageFolder.scan(linkedOut("out-class", "cat")),
                        "out-class", "cat", "outside the folder"),
                BadInput.of("image folder image linked through .. (fuzzing)", () -> ImageFolder.imageFiles(linkedOut("out-image", "cat/x.png")),
                        "x.png", "outside the folder"),
                BadInput.of("image folder dangling link (fuzzing)", () -> {
                    Path root = Files.createDirectories(dir.resolve("dangling/cat"));
                    Files.createSymbolicLink(root.resolve("a.png"), Path.of("missing.png"));
                    ImageFolder.scan(root.getParent());
                }, "a.png", "leads nowhere"),
                BadInput.of("checkpoint whose optimizer state does not match the model", () -> {
                    Learner saved = FailureLeavesStateTest.learner(1);
                    saved.fit(1, 1e-2);
                    Path f = dir.resolve("opt.safetensors");
                    saved.save(f);
                    Map<String, NDArray> t = new LinkedHashMap<>(SafeTensors.read(f).tensors());
                    String key = t.keySet().stream().filter(k -> k.startsWith("opt.state.") && k.endsWith("exp_avg")).findFirst().orElseThrow();
                    t.put(key, NDArray.zeros(DType.FLOAT32, 5));
                    SafeTensors.write(f, t, SafeTensors.read(f).metadata());
                    FailureLeavesStateTest.learner(2).load(f);
                }, "opt.safetensors", "exp_avg", "(5)"));
    }

    private static byte[] png(int w, int h) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return out.toByteArray();
    }

    /** A 2×2 PNG whose header (IHDR) declares 65535×65535. */
    private static byte[] hugePng() throws IOException {
        byte[] b = png(2, 2);
        ByteBuffer.wrap(b).putInt(16, 65535).putInt(20, 65535);
        return b;
    }

    /** An image folder {@code name}/ with one image, and a link at {@code link} inside it to a place outside. */
    private Path linkedOut(String name, String link) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(root.resolve("dog"));
        Files.write(root.resolve("dog/a.png"), png(2, 2));
        Path outside = Files.createDirectories(dir.resolve(name + "-elsewhere"));
        Files.write(outside.resolve("b.png"), png(2, 2));
        Path at = root.resolve(link);
        Files.createDirectories(at.getParent());
        Path target = link.endsWith(".png") ? Path.of("../../" + name + "-elsewhere/b.png") : Path.of("../" + name + "-elsewhere");
        Files.createSymbolicLink(at, target);
        return root;
    }
}
