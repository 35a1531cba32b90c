package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jgrad.nn.Module;
import org.jgrad.nn.io.AtomicFiles;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.gan.BceGanLoss;
import org.jgrad.training.gan.FixedGanSwitcher;
import org.jgrad.training.gan.GanCallback;
import org.jgrad.training.gan.GanLearner;
import org.jgrad.training.gan.GanLoss;
import org.jgrad.training.gan.GanPlots;
import org.jgrad.training.gan.GanProgress;
import org.jgrad.training.gan.GanRecorder;
import org.jgrad.training.gan.GanSwitcher;
import org.jgrad.training.gan.SampleGrid;
import org.jgrad.training.gan.SampleScorer;
import org.jgrad.training.gan.ThresholdGanSwitcher;
import org.jgrad.training.gan.WganGpLoss;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.models.Dcgan;
import org.jgrad.training.optim.Adam;

/**
 * {@code jgrad gan}: trains a DCGAN-style generator and critic ({@link Dcgan}) on 28×28 grey
 * images ({@link GanData}) with a {@link GanLearner}, watched the way a GAN must be: after every
 * epoch a grid of the images of one fixed noise batch ({@code samples-epoch-N.png}, so grids are
 * comparable), the two numbers of {@link SampleScorer} in the epoch table (MNIST and
 * Fashion-MNIST), {@code metrics.json} and {@code checkpoint.safetensors}; at the end
 * {@code progression.png} (the first row of every epoch's grid), {@code losses.png} (both losses
 * per batch) and {@code generator.safetensors}. {@code --resume DIR} continues a run from its
 * checkpoint to {@code --epochs} (give its other options again), exactly as if it had not stopped.
 *
 * <p>Defaults per loss: {@code gan} (BCE with logits, {@link BceGanLoss}): Adam lr 2e-4, β (0.5,
 * 0.999), one critic batch per generator batch (DCGAN's); {@code wgan-gp} ({@link WganGpLoss},
 * λ = 10): Adam lr 1e-4, β (0, 0.9), five critic batches per generator batch (the paper's).
 */
final class GanCommand {
    private GanCommand() {}

    /** The noise size of the generator. */
    static final int NZ = 64;

    static final CommandHelp HELP = new CommandHelp("gan", "",
            "train a DCGAN-style generator and critic on 28x28 grey images, with sample grids and a digit score every epoch",
            List.of("writes samples-epoch-N.png (fixed noise), metrics.json and checkpoint.safetensors every epoch, then progression.png,",
                    "losses.png and generator.safetensors to --out; the score: a small MNIST (or Fashion-MNIST) classifier, trained once and",
                    "cached in the data folder, reads the samples: 'confident' is the share it classifies with probability >= 0.9,",
                    "'class_entropy' the entropy in bits of the predicted classes (3.32 when all ten appear equally)"),
            List.of(CommandHelp.option("--data", "NAME|FOLDER", "mnist (default), fashion-mnist, or a folder of grey images (any depth, resized to 28x28)"),
                    CommandHelp.option("--epochs", "N", "epochs (default 1)"),
                    CommandHelp.option("--loss", "gan|wgan-gp", "the plain GAN loss (BCE with logits, default) or WGAN-GP's (critic with gradient penalty)"),
                    CommandHelp.option("--lr", "X", "Adam's learning rate of both networks (default 2e-4 for gan, 1e-4 for wgan-gp)"),
                    CommandHelp.option("--n-critic", "N", "critic batches per generator batch (default 1 for gan, 5 for wgan-gp)"),
                    CommandHelp.option("--switch", "fixed|threshold", "fixed alternation (default), or train each network until its loss is below its threshold"),
                    CommandHelp.option("--critic-threshold", "X", "with --switch threshold: the critic trains until its batch loss < X (default 0.5)"),
                    CommandHelp.option("--gen-threshold", "X", "with --switch threshold: the generator trains until its batch loss < X (default 2)"),
                    CommandHelp.option("--width", "W", "channels of the networks: W and 2W (default 32)"),
                    CommandHelp.option("--subset", "N", "train on N of the training images (default: all)"),
                    CommandHelp.option("--bs", "N", "batch size (default 64)"),
                    CommandHelp.option("--seed", "S", "seed of the initialization, the shuffling, the noise and the subset (default 0)"),
                    CommandHelp.option("--out", "DIR", "the run folder (default runs/gan-<timestamp>)"),
                    CommandHelp.option("--resume", "DIR", "continue that run from its checkpoint.safetensors to --epochs"),
                    CommandHelp.option("--stop-after", "N", "stop after N epochs of --epochs, to --resume later"),
                    CommandHelp.flag("--no-score", "skip the classifier score (and its one-time training)"),
                    CommandHelp.option("--device", "DEVICE", "auto (default), cpu, cuda or cuda:N")));

    /** The parsed command line; NaN for a learning rate or threshold left to its default, 0 for a count left to its default. */
    record Options(String data, int epochs, String loss, double lr, int nCritic, String switcher, double criticThreshold, double genThreshold,
                   int width, int subset, int batchSize, long seed, Path out, Path resume, int stopAfter, boolean score, String device) {
        static Options parse(String[] args) {
            String data = "mnist", loss = "gan", switcher = "fixed", device = "auto";
            int epochs = 1, nCritic = 0, width = 32, subset = 0, bs = 64, stopAfter = Integer.MAX_VALUE;
            double lr = Double.NaN, criticThreshold = 0.5, genThreshold = 2;
            long seed = 0;
            Path out = null, resume = null;
            boolean score = true;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--no-score")) { score = false; continue; }
                if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--data" -> data = v;
                    case "--epochs" -> epochs = DataModelOptions.positive(a, v);
                    case "--loss" -> {
                        if (!v.equals("gan") && !v.equals("wgan-gp")) throw new IllegalArgumentException("--loss must be gan or wgan-gp, got '" + v + "'");
                        loss = v;
                    }
                    case "--lr" -> lr = positiveNumber(a, v);
                    case "--n-critic" -> nCritic = DataModelOptions.positive(a, v);
                    case "--switch" -> {
                        if (!v.equals("fixed") && !v.equals("threshold")) throw new IllegalArgumentException("--switch must be fixed or threshold, got '" + v + "'");
                        switcher = v;
                    }
                    case "--critic-threshold" -> criticThreshold = number(a, v);
                    case "--gen-threshold" -> genThreshold = number(a, v);
                    case "--width" -> width = DataModelOptions.positive(a, v);
                    case "--subset" -> subset = DataModelOptions.positive(a, v);
                    case "--bs" -> bs = DataModelOptions.positive(a, v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--out" -> out = Path.of(v);
                    case "--resume" -> resume = Path.of(v);
                    case "--stop-after" -> stopAfter = DataModelOptions.positive(a, v);
                    case "--device" -> device = v;
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            boolean wgan = loss.equals("wgan-gp");
            if (nCritic > 0 && switcher.equals("threshold"))
                throw new IllegalArgumentException("--n-critic sets the fixed alternation; --switch threshold switches on the losses instead");
            if (resume != null) {
                if (out != null && !out.equals(resume)) throw new IllegalArgumentException("--resume " + resume + " writes into that folder; drop --out " + out);
                out = resume;
            }
            if (out == null) out = Path.of("runs", "gan-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            return new Options(data, epochs, loss, Double.isNaN(lr) ? (wgan ? 1e-4 : 2e-4) : lr, nCritic > 0 ? nCritic : wgan ? 5 : 1, switcher,
                    criticThreshold, genThreshold, width, subset, bs, seed, out, resume, stopAfter, score, device);
        }

        boolean wgan() {
            return loss.equals("wgan-gp");
        }

        private static double number(String option, String value) {
            try {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a finite number, got '" + value + "'");
            }
        }

        private static double positiveNumber(String option, String value) {
            double d = number(option, value);
            if (!(d > 0)) throw new IllegalArgumentException(option + " must be > 0, got " + value);
            return d;
        }
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args);
        Device device = new DataModelOptions(Dataset.MNIST, null, o.batchSize(), o.subset(), o.seed(), o.out(), o.device(), true, null, false).chooseDevice(out);
        GanData data = GanData.load(o.data(), o.subset(), o.seed(), out);
        GanSwitcher switcher = o.switcher().equals("fixed") ? new FixedGanSwitcher(o.nCritic(), 1)
                : new ThresholdGanSwitcher(o.genThreshold(), o.criticThreshold());
        out.printf(Locale.ROOT, "jgrad gan: %s, %d epoch(s), loss %s, lr %s, switch %s, batch %d, width %d, seed %d, device %s%n", o.data(), o.epochs(),
                o.loss(), o.lr(), switcher, o.batchSize(), o.width(), o.seed(), device);
        SampleScorer scorer = null;
        if (o.score() && data.labelled() != null) {
            scorer = data.scorer(SampleScorer.cacheFile(data.labelled()), o.seed(), out);
            scorer.classifierTo(device);
        } else if (o.score()) {
            out.println("score: none for a folder of images (no labels to train a classifier on)");
        }

        Generator init = new Generator(o.seed());
        Module generator = Dcgan.generator(NZ, o.width(), init).to(device), critic = Dcgan.critic(o.width(), init).to(device);
        double beta1 = o.wgan() ? 0 : 0.5, beta2 = o.wgan() ? 0.9 : 0.999;
        GanLoss loss = o.wgan() ? new WganGpLoss() : new BceGanLoss();
        DataLoader loader = new DataLoader(data.images(), o.batchSize(), true, true, o.seed(), null).andThen(DataModelOptions.toDevice(device));
        if (loader.batchCount() == 0)
            throw new IllegalArgumentException("--bs " + o.batchSize() + " is larger than the " + data.images().size() + " training images");
        GanLearner learn = new GanLearner(loader, generator, critic, loss, groups -> new Adam(groups, o.lr(), beta1, beta2, 1e-8, 0),
                groups -> new Adam(groups, o.lr(), beta1, beta2, 1e-8, 0), switcher, NZ, o.seed());
        if (scorer != null) learn.addMetrics(scorer);

        Path checkpoint = o.out().resolve("checkpoint.safetensors");
        int start = 0;
        if (o.resume() != null) {
            if (!Files.isRegularFile(checkpoint)) throw new IllegalArgumentException("--resume: no checkpoint " + checkpoint);
            int leftovers = AtomicFiles.deleteLeftovers(o.out());
            if (leftovers > 0) out.println("resume: deleted " + leftovers + " temporary file(s) a killed write left in " + o.out());
            start = learn.load(checkpoint);
            if (start >= o.epochs())
                throw new IllegalArgumentException("--resume: " + o.out() + " has done " + start + " epoch(s) already; give --epochs above that");
            out.printf(Locale.ROOT, "resume: %s at epoch %d of %d%n", checkpoint, start, o.epochs());
        }
        Files.createDirectories(o.out());
        learn.addCallbacks(new GanProgress(out), epochFiles(o, checkpoint), new GanCallback() {
            @Override public void afterEpoch(GanLearner l) {
                if (l.epochsDone() >= o.stopAfter() && l.epochsDone() < o.epochs()) {
                    out.println("stopping after epoch " + l.epoch() + " (--stop-after " + o.stopAfter() + "); continue with --resume " + o.out());
                    throw Callback.Cancel.FIT;
                }
            }
        });
        learn.fit(o.epochs(), start);
        if (learn.epochsDone() < o.epochs()) return;

        generator.save(o.out().resolve("generator.safetensors"));
        String noPlots = TrainCommand.plotsUnavailableReason();
        if (noPlots == null) {
            GanPlots.writeLosses(learn.recorder(), o.out().resolve("losses.png"));
            List<Path> grids = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int e = 0; e < o.epochs(); e++) {
                Path grid = o.out().resolve(gridName(e));
                if (!Files.isRegularFile(grid)) continue;
                grids.add(grid);
                labels.add("epoch " + e);
            }
            if (!grids.isEmpty()) SampleGrid.writeProgression(grids, labels, Dcgan.SIDE, o.out().resolve("progression.png"));
        }
        out.println("wrote " + o.out().resolve("generator.safetensors") + ", " + checkpoint.getFileName() + ", metrics.json, "
                + (noPlots == null ? "samples-epoch-*.png, progression.png and losses.png" : "no pictures: " + noPlots));
    }

    static String gridName(int epoch) {
        return "samples-epoch-" + epoch + ".png";
    }

    /** After each epoch: the sample grid, metrics.json, then the checkpoint (a kill between them makes the resumed run redo the epoch). */
    private static GanCallback epochFiles(Options o, Path checkpoint) {
        return new GanCallback() {
            @Override public void afterEpoch(GanLearner l) {
                try {
                    if (TrainCommand.plotsUnavailableReason() == null)
                        SampleGrid.write(l.sample(l.fixedNoise()), 8, o.out().resolve(gridName(l.epoch())));
                    AtomicFiles.writeString(o.out().resolve("metrics.json"), metricsJson(o, l.recorder()));
                    l.save(checkpoint);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("gan: cannot write the files of epoch " + l.epoch() + " to " + o.out(), e);
                }
            }
        };
    }

    /** The run's options and its epoch rows (a resumed run's include those before it). */
    static String metricsJson(Options o, GanRecorder recorder) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "{\n  \"data\": \"%s\",\n  \"loss\": \"%s\",\n  \"lr\": %s,\n  \"n_critic\": %d,\n  \"switch\": \"%s\",\n  \"batch_size\": %d,\n"
                        + "  \"width\": %d,\n  \"seed\": %d,\n  \"epochs\": [\n",
                o.data().replace("\\", "\\\\").replace("\"", "\\\""), o.loss(), o.lr(), o.nCritic(), o.switcher(), o.batchSize(), o.width(), o.seed()));
        List<GanRecorder.Row> rows = recorder.rows();
        for (int i = 0; i < rows.size(); i++) {
            GanRecorder.Row r = rows.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"epoch\": %d, \"gen_loss\": %s, \"critic_loss\": %s", r.epoch(), num(r.generatorLoss()), num(r.criticLoss())));
            r.metrics().forEach((k, v) -> sb.append(", \"").append(k).append("\": ").append(num(v)));
            sb.append(String.format(Locale.ROOT, ", \"seconds\": %.3f}%s%n", r.seconds(), i + 1 < rows.size() ? "," : ""));
        }
        return sb.append("  ]\n}\n").toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }
}
