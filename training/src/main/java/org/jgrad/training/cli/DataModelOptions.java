package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.jgrad.nn.Module;
import org.jgrad.tensor.BackendProvider;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.Cifar10Reader;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.LabeledImages;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.models.DefaultModels;

/**
 * The options that {@code train} and {@code lr-find} share, and what they build: the data
 * ({@code --data}, {@code --label}, {@code --regression}, {@code --subset}, {@code --bs},
 * {@code --seed}; loaded by {@link #load}), the model ({@code --basic}), the device
 * ({@code --device}) and the output folder ({@code --out}, default {@code runs/<timestamp>}).
 *
 * <p>{@code --data} names one of: {@code mnist}, {@code fashion-mnist}; a CSV table (a file
 * ending in {@code .csv} or {@code .csv.gz}; {@code --label COLUMN} is the target, classes unless
 * {@code --regression}); a CIFAR-10 binary folder (holding {@code data_batch_1.bin});
 * an image folder (holding {@code train/} and {@code valid/} of class folders).
 *
 * @param data   the known data set, or null for a path
 * @param path   the CSV file or folder, or null for a known data set
 * @param label  the target column of a CSV table, or null
 */
record DataModelOptions(Dataset data, Path path, int batchSize, int subset, long seed, Path out, String device, boolean wide,
                        String label, boolean regression) {
    /** Side of the square grey images the CNN takes; a folder's images are resized to it. */
    static final int IMAGE_SIZE = 28;

    /** MNIST's training-set mean and standard deviation of the pixel values in [0, 1]. */
    static final double MEAN = 0.1307, STD = 0.3081;

    /** The shared options, for {@code --help} ({@link CommandHelp}): {@link #parse} reads these. */
    static final List<CommandHelp.Option> OPTIONS = List.of(
            CommandHelp.option("--data", "NAME|PATH", "mnist (default) or fashion-mnist; an image folder (train/ and valid/ of class folders);"
                    + " a CIFAR-10 binary folder (data_batch_*.bin); a CSV table FILE.csv[.gz]"),
            CommandHelp.option("--label", "COLUMN", "the target column of a CSV table (name or index)"),
            CommandHelp.flag("--regression", "the CSV target is a number (MSE) rather than a class"),
            CommandHelp.option("--subset", "N", "train on N of the training images (default: all)"),
            CommandHelp.option("--bs", "N", "batch size (default 128)"),
            CommandHelp.option("--seed", "S", "seed of the initialization, the shuffling and the subset (default 0)"),
            CommandHelp.option("--out", "DIR", "the run folder (default runs/<timestamp>)"),
            CommandHelp.option("--device", "DEVICE", "auto (default: the first GPU if CUDA is usable, else the CPU), cpu, cuda or cuda:N"),
            CommandHelp.flag("--basic", "the small 8-16-32-16 CNN instead of the wide one"));

    /** The shared options named, in that order. */
    static List<CommandHelp.Option> options(String... names) {
        List<CommandHelp.Option> chosen = new ArrayList<>();
        for (String n : names)
            chosen.add(OPTIONS.stream().filter(o -> o.name().equals(n)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no shared option " + n)));
        return chosen;
    }

    /** What a {@code --data} path is. */
    enum PathKind { CSV, CIFAR10, IMAGE_FOLDER }

    /**
     * Parses the shared options; every other option and its value go to {@code other}, which
     * throws IllegalArgumentException for options it does not know either.
     */
    static DataModelOptions parse(String[] args, BiConsumer<String, String> other) {
        Dataset data = Dataset.MNIST;
        Path path = null;
        int bs = 128, subset = 0;
        long seed = 0;
        Path out = null;
        String device = "auto", label = null;
        boolean wide = true, regression = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--basic")) { wide = false; continue; }
            if (a.equals("--regression")) { regression = true; continue; }
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--data" -> {
                    data = switch (v) {
                        case "mnist" -> Dataset.MNIST;
                        case "fashion-mnist" -> Dataset.FASHION_MNIST;
                        default -> null;
                    };
                    path = data == null ? Path.of(v) : null;
                    if (path != null) pathKind(path);   // reports a path that is none of them now
                }
                case "--label" -> label = v;
                case "--bs" -> bs = positive(a, v);
                case "--subset" -> subset = positive(a, v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--out" -> out = Path.of(v);
                case "--device" -> device = v;
                default -> other.accept(a, v);
            }
        }
        boolean csv = path != null && pathKind(path) == PathKind.CSV;
        if (!csv && (label != null || regression))
            throw new IllegalArgumentException((label != null ? "--label" : "--regression") + " applies to a CSV table (--data FILE.csv), not to "
                    + (path != null ? path : data.id()));
        if (out == null) out = Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return new DataModelOptions(data, path, bs, subset, seed, out, device, wide, label, regression);
    }

    /** These options writing into {@code out}. */
    DataModelOptions withOut(Path out) {
        return new DataModelOptions(data, path, batchSize, subset, seed, out, device, wide, label, regression);
    }

    /** What a {@code --data} path holds; an IllegalArgumentException says what it should be when it is none of them. */
    static PathKind pathKind(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            if (!Files.isRegularFile(path)) throw new IllegalArgumentException("--data " + path + ": no such CSV file");
            return PathKind.CSV;
        }
        if (Files.isRegularFile(path.resolve(Cifar10Reader.TRAIN_FILES.get(0)))) return PathKind.CIFAR10;
        if (Files.isDirectory(path.resolve("train"))) return PathKind.IMAGE_FOLDER;
        throw new IllegalArgumentException("--data must be mnist, fashion-mnist, a CSV table (FILE.csv or FILE.csv.gz, with --label COLUMN),"
                + " a CIFAR-10 binary folder (data_batch_1.bin … data_batch_5.bin, test_batch.bin) or a folder with train/ and valid/"
                + " subfolders of class folders, got '" + path + "' (" + (Files.isDirectory(path) ? "no train/ or data_batch_1.bin in it" : "no such folder") + ")");
    }

    /** The value of {@code option} as an int >= 1. */
    static int positive(String option, String value) {
        int v = Integer.parseInt(value);
        if (v < 1) throw new IllegalArgumentException(option + " must be >= 1, got " + v);
        return v;
    }

    /**
     * The device to run on: {@code cpu}; {@code cuda} (or {@code cuda:N}, or any other backend's
     * type on the class path), which fails with the reason when that backend is unavailable; or
     * {@code auto}, the first GPU when CUDA is available, else the CPU (saying why).
     */
    Device chooseDevice(PrintStream out) {
        if (device.equals("cpu")) return Device.CPU;
        if (device.equals("auto")) {
            String reason = unavailableReason("cuda");
            Device chosen = reason == null ? Device.cuda(0) : Device.CPU;
            out.println("device auto: " + chosen + (reason == null ? "" : " (CUDA is unavailable: " + reason + ")"));
            return chosen;
        }
        Device d = Device.parse(device);
        String reason = unavailableReason(d.type());
        if (reason != null)
            throw new IllegalArgumentException("--device " + device + ": " + (d.type().equals("cuda") ? "CUDA" : d.type()) + " is unavailable: " + reason);
        Backends.of(d); // a missing device index fails here, with the number of devices present
        return d;
    }

    /** For commands that run on the CPU only: {@code cpu} and {@code auto} give it, anything else is an error. */
    Device cpuOnly(String command, PrintStream out) {
        if (device.equals("auto")) out.println("device auto: cpu (" + command + " runs on the CPU only)");
        else if (!device.equals("cpu")) throw new IllegalArgumentException("--device " + device + ": " + command + " runs on the CPU only");
        return Device.CPU;
    }

    /** Null when the backend of device type {@code type} is on the class path and usable, else why not. */
    static String unavailableReason(String type) {
        for (BackendProvider p : Backends.providers()) if (p.type().equals(type)) return p.unavailableReason();
        return type.equals("cuda") ? "no CUDA backend on the class path (the jgrad-native-kernels jar is missing)"
                : "no backend for '" + type + "' on the class path (expected auto, cpu, cuda or cuda:N)";
    }

    /** Moves each batch to {@code device}; the identity for the CPU. */
    static UnaryOperator<TensorDataset.Batch> toDevice(Device device) {
        if (device.equals(Device.CPU)) return UnaryOperator.identity();
        return b -> new TensorDataset.Batch(b.x().to(device), b.y().to(device));
    }

    /** The data of {@code --data}, loaded (fetched first when it is a known data set); prints its sizes. */
    TrainingData load(PrintStream out) throws IOException {
        if (data != null) return TrainingData.idx(data, this, out);
        return switch (pathKind(path)) {
            case CSV -> TrainingData.csv(path, this, out);
            case CIFAR10 -> TrainingData.cifar10(path, this, out);
            case IMAGE_FOLDER -> TrainingData.imageFolder(path, this, out);
        };
    }

    /** What {@code --data} names: the data set's id or the path. */
    String dataName() {
        return data != null ? data.id() : path.toString();
    }

    /** The CNN for 28×28 grey images of 10 classes ({@link DefaultModels}), initialized from the seed. */
    Module greyImageModel() {
        return greyImageModel(seed);
    }

    /** The same CNN initialized from another seed. */
    Module greyImageModel(long seed) {
        return DefaultModels.of(DefaultModels.Input.GREY_IMAGES, 0, 10, wide, new Generator(seed));
    }

    /** Images normalized with MNIST's mean and standard deviation, labels as int64. */
    static TensorDataset dataset(LabeledImages images) {
        NDArray x = images.images().sub(MEAN).div(STD);
        return new TensorDataset(x, images.labels());
    }
}
