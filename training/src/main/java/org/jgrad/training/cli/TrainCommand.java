package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrad.nn.Module;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.LabeledImages;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.EpochResult;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.learner.ProgressPrinter;
import org.jgrad.training.models.MnistCnn;
import org.jgrad.training.optim.Adam;

/**
 * {@code jgrad train}: fetch MNIST if it is missing, build the CNN of {@link MnistCnn}, train it
 * with one-cycle and fastai's Adam, print progress and the epoch table, and write
 * {@code runs/<timestamp>/metrics.json} and {@code model.safetensors}.
 */
final class TrainCommand {
    /** MNIST's training-set mean and standard deviation of the pixel values in [0, 1]. */
    static final double MEAN = 0.1307, STD = 0.3081;

    private TrainCommand() {}

    /** The parsed command line. */
    record Options(Dataset data, int epochs, double lr, int batchSize, int subset, long seed, Path out, String device, boolean wide) {
        static Options parse(String[] args) {
            Dataset data = Dataset.MNIST;
            int epochs = 1, bs = 128, subset = 0;
            double lr = 1e-2;
            long seed = 0;
            Path out = null;
            String device = "auto";
            boolean wide = true;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--basic")) { wide = false; continue; }
                if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--data" -> data = switch (v) {
                        case "mnist" -> Dataset.MNIST;
                        case "fashion-mnist" -> Dataset.FASHION_MNIST;
                        default -> throw new IllegalArgumentException("--data must be mnist or fashion-mnist, got '" + v + "'");
                    };
                    case "--epochs" -> epochs = positive(a, v);
                    case "--lr" -> lr = Double.parseDouble(v);
                    case "--bs" -> bs = positive(a, v);
                    case "--subset" -> subset = positive(a, v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--out" -> out = Path.of(v);
                    case "--device" -> device = v;
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (!(lr > 0)) throw new IllegalArgumentException("--lr must be > 0, got " + lr);
            if (out == null) out = Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            return new Options(data, epochs, lr, bs, subset, seed, out, device, wide);
        }

        private static int positive(String option, String value) {
            int v = Integer.parseInt(value);
            if (v < 1) throw new IllegalArgumentException(option + " must be >= 1, got " + v);
            return v;
        }
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args);
        Device device = chooseDevice(o.device(), out);
        out.println("jgrad train: " + o.data().name().toLowerCase(Locale.ROOT) + ", " + o.epochs() + " epoch(s), lr " + o.lr()
                + ", batch " + o.batchSize() + ", seed " + o.seed() + ", device " + device);
        TensorDataset train = dataset(Mnist.load(o.data(), Split.TRAIN)), valid = dataset(Mnist.load(o.data(), Split.TEST));
        if (o.subset() > 0) train = train.subset(Math.min(o.subset(), train.size()), o.seed());
        out.println("data: " + train.size() + " training and " + valid.size() + " test images");

        Generator g = new Generator(o.seed());
        Module model = o.wide() ? MnistCnn.wide(g) : MnistCnn.basic(g);
        Learner learn = new Learner(DataLoaders.of(train, valid, o.batchSize(), o.seed()), model, new CrossEntropyLoss()::forward,
                groups -> Adam.fastai(groups, o.lr()), List.of(new Accuracy()));
        learn.addCallbacks(new ProgressPrinter(out, out == System.out && System.console() != null));
        learn.fitOneCycle(o.epochs(), o.lr());

        Files.createDirectories(o.out());
        model.save(o.out().resolve("model.safetensors"));
        writeAtomically(o.out().resolve("metrics.json"), metricsJson(o, device, learn.recorder().epochs()));
        double accuracy = learn.recorder().epochs().get(learn.recorder().epochs().size() - 1).metrics().get("accuracy");
        out.printf(Locale.ROOT, "test accuracy %.2f%%; wrote %s and %s%n", 100 * accuracy,
                o.out().resolve("metrics.json"), o.out().resolve("model.safetensors"));
    }

    /** Images normalized with MNIST's mean and standard deviation, labels as int64. */
    static TensorDataset dataset(LabeledImages images) {
        NDArray x = images.images().sub(MEAN).div(STD);
        return new TensorDataset(x, images.labels());
    }

    private static Device chooseDevice(String requested, PrintStream out) {
        switch (requested) {
            case "cpu", "auto" -> {
                if (requested.equals("auto")) out.println("device auto: the CPU (no CUDA backend is available yet; see ./jgrad info)");
                return Device.CPU;
            }
            case "cuda" -> throw new IllegalArgumentException("--device cuda: no CUDA backend is available yet (see ./jgrad info)");
            default -> throw new IllegalArgumentException("--device must be auto, cpu or cuda, got '" + requested + "'");
        }
    }

    static String metricsJson(Options o, Device device, List<EpochResult> epochs) {
        StringBuilder sb = new StringBuilder("{\n  \"data\": \"").append(o.data().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append("\",\n  \"device\": \"").append(device).append("\",\n  \"seed\": ").append(o.seed())
                .append(",\n  \"lr\": ").append(o.lr()).append(",\n  \"batch_size\": ").append(o.batchSize()).append(",\n  \"epochs\": [\n");
        for (int i = 0; i < epochs.size(); i++) {
            EpochResult r = epochs.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"epoch\": %d, \"train_loss\": %s, \"valid_loss\": %s", r.epoch(), num(r.trainLoss()), num(r.validLoss())));
            for (Map.Entry<String, Double> m : r.metrics().entrySet()) sb.append(", \"").append(m.getKey()).append("\": ").append(num(m.getValue()));
            sb.append(String.format(Locale.ROOT, ", \"seconds\": %.3f}", r.seconds())).append(i + 1 < epochs.size() ? ",\n" : "\n");
        }
        double last = epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).metrics().getOrDefault("accuracy", Double.NaN);
        return sb.append("  ],\n  \"final_accuracy\": ").append(num(last)).append("\n}\n").toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".metrics", ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
