package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrad.nn.Module;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.Device;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.EpochResult;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.learner.LrFindResult;
import org.jgrad.training.learner.ProgressPrinter;
import org.jgrad.training.models.MnistCnn;
import org.jgrad.training.optim.Adam;

/**
 * {@code jgrad train}: fetch MNIST if it is missing, build the CNN of {@link MnistCnn}, train it
 * with one-cycle and fastai's Adam, print progress and the epoch table, and write
 * {@code runs/<timestamp>/metrics.json} and {@code model.safetensors}. With {@code --lr auto} the
 * learning rate is lr-find's valley suggestion ({@link Learner#lrFind()}), printed before training.
 */
final class TrainCommand {
    private TrainCommand() {}

    /** The parsed command line: the shared options, and the epochs and learning rate (NaN for {@code --lr auto}). */
    record Options(DataModelOptions common, int epochs, double lr) {
        static Options parse(String[] args) {
            int[] epochs = {1};
            double[] lr = {1e-2};
            DataModelOptions common = DataModelOptions.parse(args, (a, v) -> {
                switch (a) {
                    case "--epochs" -> epochs[0] = DataModelOptions.positive(a, v);
                    case "--lr" -> lr[0] = v.equals("auto") ? Double.NaN : Double.parseDouble(v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            });
            if (!(lr[0] > 0) && !Double.isNaN(lr[0])) throw new IllegalArgumentException("--lr must be > 0 or auto, got " + lr[0]);
            return new Options(common, epochs[0], lr[0]);
        }

        boolean autoLr() { return Double.isNaN(lr); }
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args);
        DataModelOptions c = o.common();
        Device device = c.chooseDevice(out);
        out.println("jgrad train: " + c.data().name().toLowerCase(Locale.ROOT) + ", " + o.epochs() + " epoch(s), lr "
                + (o.autoLr() ? "auto" : o.lr()) + ", batch " + c.batchSize() + ", seed " + c.seed() + ", device " + device);
        DataLoaders dls = c.dataLoaders(out);
        Module model = c.model();
        Learner learn = new Learner(dls, model, new CrossEntropyLoss()::forward,
                groups -> Adam.fastai(groups, o.autoLr() ? 1e-3 : o.lr()), List.of(new Accuracy()));
        double lr = o.lr();
        if (o.autoLr()) {
            LrFindResult found = learn.lrFind();
            lr = found.valley();
            if (!(lr > 0)) throw new IllegalArgumentException("--lr auto: lr-find gave no valley suggestion after "
                    + found.iterations() + " iterations (the loss diverged too early); give --lr a value");
            out.printf(Locale.ROOT, "lr auto: lr-find's valley suggestion %.3e (%d iterations%s)%n", lr, found.iterations(),
                    found.diverged() ? ", stopped at divergence" : "");
        }
        learn.addCallbacks(new ProgressPrinter(out, out == System.out && System.console() != null));
        learn.fitOneCycle(o.epochs(), lr);

        Files.createDirectories(c.out());
        model.save(c.out().resolve("model.safetensors"));
        writeAtomically(c.out().resolve("metrics.json"), metricsJson(c, lr, device, learn.recorder().epochs()));
        double accuracy = learn.recorder().epochs().get(learn.recorder().epochs().size() - 1).metrics().get("accuracy");
        out.printf(Locale.ROOT, "test accuracy %.2f%%; wrote %s and %s%n", 100 * accuracy,
                c.out().resolve("metrics.json"), c.out().resolve("model.safetensors"));
    }

    static String metricsJson(DataModelOptions o, double lr, Device device, List<EpochResult> epochs) {
        StringBuilder sb = new StringBuilder("{\n  \"data\": \"").append(o.data().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append("\",\n  \"device\": \"").append(device).append("\",\n  \"seed\": ").append(o.seed())
                .append(",\n  \"lr\": ").append(lr).append(",\n  \"batch_size\": ").append(o.batchSize()).append(",\n  \"epochs\": [\n");
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

    static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".metrics", ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
