package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgrad.nn.Module;
import org.jgrad.nn.io.AtomicFiles;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.augment.ProgressiveResizing;
import org.jgrad.training.augment.RandomAffine;
import org.jgrad.training.augment.ReseedEachEpoch;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.EpochResult;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.learner.LrFindResult;
import org.jgrad.training.learner.ProgressPrinter;
import org.jgrad.training.learner.SaveModelCallback;
import org.jgrad.training.learner.TrainingPlots;
import org.jgrad.training.models.DefaultModels;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.Lr;
import org.jgrad.training.schedule.OneCycle;

/**
 * {@code jgrad train}: load the data of {@code --data} (fetching MNIST if it is missing), build the
 * model {@link DefaultModels} chooses for it, train it with one-cycle and fastai's Adam (the loss
 * and metrics of its target: cross-entropy and accuracy, or MSE for a number), print progress and
 * the epoch table, and write {@code runs/<timestamp>/metrics.json} and {@code model.safetensors}. With {@code --lr auto} the
 * learning rate is lr-find's valley suggestion ({@link Learner#lrFind()}), printed before training.
 * After every epoch it writes {@code checkpoint.safetensors} ({@link Learner#save}) and
 * {@code metrics.json}, at the end {@code losses.png} and {@code schedule.png} (where the Java runtime has AWT)
 * ({@link TrainingPlots}). {@code --resume <dir>} loads {@code <dir>/checkpoint.safetensors} and
 * continues that run's one-cycle fit from the saved epoch to {@code --epochs}, with the learning
 * rate of its metrics.json, writing into {@code <dir>} (a run stopped after its last checkpoint
 * only gets its {@code model.safetensors} written; give the run's other options again:
 * {@code --seed}, {@code --bs}, {@code --subset}, {@code --data}, {@code --augment}).
 * {@code --stop-after N} ends the fit after N epochs of its {@code --epochs}-epoch schedule, to be
 * resumed later. {@code --augment} adds a light {@link RandomAffine} (±10°, zoom 0.9–1.1, shift 0.1, no flip) to
 * the training batches, reseeded per epoch ({@link ReseedEachEpoch}) so resuming stays exact.
 * {@code --fp16} trains and validates in mixed precision ({@link Learner#toFp16()}); the loss
 * scaler's state is saved in the checkpoint (give {@code --fp16} again when resuming).
 * {@code --bf16} does the same in bfloat16 without loss scaling ({@link Learner#toBf16()}); the two
 * exclude each other. A run resumed in another precision than its checkpoint's continues in the
 * new one, with a note (float16 starts a fresh loss scaler). lr-find ({@code --lr auto}) sweeps in
 * float32. {@code --diagnose} reads the losses under each row of the epoch table and after the fit
 * ({@link org.jgrad.training.learner.LossDiagnosis}); off by default, as in every script.
 * {@code --progressive 14:3,28:1} trains 3 epochs on images resized to 14×14 and then 1 at the
 * full 28×28, under one one-cycle schedule over all 4 epochs ({@link ProgressiveResizing}; each
 * epoch validates at its own size, the last phase must be the images' size).
 */
final class TrainCommand {
    private TrainCommand() {}

    /** Its options: {@link DataModelOptions#OPTIONS} and its own. */
    static final CommandHelp HELP = new CommandHelp("train", "",
            "train the model DefaultModels chooses for the data (a CNN for MNIST, fetched if missing) with one-cycle",
            List.of("writes metrics.json, model.safetensors, checkpoint.safetensors (every epoch), losses.png and schedule.png to --out"),
            concat(List.of(
                    CommandHelp.option("--epochs", "N", "epochs of the one-cycle schedule (default 1)"),
                    CommandHelp.option("--lr", "X|auto", "the peak learning rate (default 1e-2); auto: lr-find's valley suggestion"),
                    CommandHelp.option("--resume", "DIR", "continue that run from its checkpoint.safetensors to --epochs"),
                    CommandHelp.option("--stop-after", "N", "end the --epochs cycle after N epochs, to --resume later"),
                    CommandHelp.flag("--augment", "random rotation, zoom and shift of the training images"),
                    CommandHelp.option("--progressive", "S:E,...", "progressive resizing: E epochs at S×S images per phase, e.g. 14:3,28:1 (sets --epochs)"),
                    CommandHelp.option("--sweep", "progressive", "instead: train each of --schedules with each of --seeds (fashion-mnist unless --data);"
                            + " writes progressive.md, .json and .png"),
                    CommandHelp.option("--schedules", "A;B;...", "the sweep's --progressive schedules (default " + ProgressiveSweep.DEFAULT_SCHEDULES + ")"),
                    CommandHelp.option("--seeds", "N", "the sweep's seeds per schedule: --seed, --seed+1, ... (default 3)"),
                    CommandHelp.flag("--fp16", "mixed precision: float16 compute, float32 master weights, dynamic loss scaling"),
                    CommandHelp.flag("--bf16", "mixed precision in bfloat16, without loss scaling (not with --fp16)"),
                    CommandHelp.flag("--diagnose", "read the losses under each epoch's row: underfitting, overfitting, a learning rate that is off")),
                    DataModelOptions.OPTIONS));

    /** {@code a} then {@code b}. */
    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The parsed command line: the shared options, the epochs, the learning rate (NaN for
     * {@code --lr auto}), the run folder to resume (or null), {@code --augment}, and the epoch count
     * after which to stop the one-cycle fit of {@code epochs} epochs ({@code --stop-after}, to be
     * resumed later; {@code Integer.MAX_VALUE} when not given), and the dtype to compute in:
     * float32, or float16 ({@code --fp16}) or bfloat16 ({@code --bf16}) in mixed precision; and
     * whether the epoch table reads the losses ({@code --diagnose}, {@link Learner#diagnose(boolean)});
     * and the progressive resizing schedule ({@code --progressive}, null without), whose epochs
     * are the run's.
     */
    record Options(DataModelOptions common, int epochs, double lr, Path resume, boolean augment, int stopAfter, DType precision, boolean diagnose,
                   ProgressiveResizing progressive) {
        static Options parse(String[] args) {
            int[] epochs = {1};
            double[] lr = {1e-2};
            Path[] resume = {null};
            int[] stopAfter = {Integer.MAX_VALUE};
            ProgressiveResizing[] progressive = {null};
            boolean[] epochsGiven = {false};
            List<String> rest = new ArrayList<>(List.of(args));
            boolean augment = rest.remove("--augment"), diagnose = rest.remove("--diagnose");   // the flags without a value
            boolean fp16 = rest.remove("--fp16"), bf16 = rest.remove("--bf16");
            if (fp16 && bf16) throw new IllegalArgumentException("--fp16 and --bf16 exclude each other: give one half type to compute in");
            DataModelOptions common = DataModelOptions.parse(rest.toArray(String[]::new), (a, v) -> {
                switch (a) {
                    case "--epochs" -> { epochs[0] = DataModelOptions.positive(a, v); epochsGiven[0] = true; }
                    case "--progressive" -> progressive[0] = ProgressiveResizing.parse(v);
                    case "--lr" -> lr[0] = v.equals("auto") ? Double.NaN : Double.parseDouble(v);
                    case "--resume" -> resume[0] = Path.of(v);
                    case "--stop-after" -> stopAfter[0] = DataModelOptions.positive(a, v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            });
            if (!(lr[0] > 0) && !Double.isNaN(lr[0])) throw new IllegalArgumentException("--lr must be > 0 or auto, got " + lr[0]);
            if (resume[0] != null) common = common.withOut(resume[0]);
            if (progressive[0] != null) {
                int total = progressive[0].totalEpochs();
                if (epochsGiven[0] && epochs[0] != total)
                    throw new IllegalArgumentException("--epochs " + epochs[0] + " disagrees with --progressive " + progressive[0] + ", whose phases make "
                            + total + " epochs: give one of them");
                epochs[0] = total;
            }
            return new Options(common, epochs[0], lr[0], resume[0], augment, stopAfter[0], fp16 ? DType.FLOAT16 : bf16 ? DType.BFLOAT16 : DType.FLOAT32,
                    diagnose, progressive[0]);
        }

        boolean autoLr() { return Double.isNaN(lr); }
    }

    static void run(String[] args, PrintStream out) throws IOException {
        if (List.of(args).contains("--sweep")) {
            ProgressiveSweep.run(args, out);
            return;
        }
        for (String a : args)
            if (a.equals("--schedules") || a.equals("--seeds")) throw new IllegalArgumentException(a + " belongs to --sweep progressive");
        train(Options.parse(args), out);
    }

    /** Runs {@code jgrad train} with these options, printing to {@code out}; returns the learner after its fit (null when a resumed run had finished). */
    static Learner train(Options o, PrintStream out) throws IOException {
        DataModelOptions c = o.common();
        Device device = c.chooseDevice(out);
        out.println("jgrad train: " + c.dataName() + ", " + o.epochs() + " epoch(s), lr "
                + (o.autoLr() ? "auto" : o.lr()) + ", batch " + c.batchSize() + ", seed " + c.seed() + ", device " + device
                + switch (o.precision()) {
                    case FLOAT16 -> ", mixed precision (float16 compute, float32 master weights, loss scaling)";
                    case BFLOAT16 -> ", mixed precision (bfloat16 compute, float32 master weights, no loss scaling)";
                    default -> "";
                }
                + (o.progressive() == null ? "" : ", progressive resizing " + o.progressive() + " (size:epochs)"));
        TrainingData data = c.load(out);
        if (o.augment() && data.input() == DefaultModels.Input.FEATURES)
            throw new IllegalArgumentException("--augment transforms images; " + c.dataName() + " is a table");
        if (o.progressive() != null) checkProgressive(o.progressive(), data);
        UnaryOperator<TensorDataset.Batch> onHost = o.progressive() != null ? o.progressive() : UnaryOperator.identity();
        DataLoaders dls = data.loaders().andThen(onHost).andThen(DataModelOptions.toDevice(device));
        Module model = data.model(c.wide(), c.seed()).to(device);
        Generator augmentation = new Generator(c.seed() + 1);
        DataLoaders fitLoaders = !o.augment() ? dls : new DataLoaders(new DataLoader(dls.train().dataset(), c.batchSize(), true, true, c.seed(),
                new RandomAffine(10, 0.9, 1.1, 0.1, 0, augmentation).fill((float) data.blackPixel())).andThen(onHost)
                .andThen(DataModelOptions.toDevice(device)), dls.valid()); // augmented (and resized) on the host, then moved
        Learner learn = new Learner(fitLoaders, model, data.loss(), groups -> Adam.fastai(groups, o.autoLr() ? 1e-3 : o.lr()), data.metrics());
        if (o.precision() == DType.FLOAT16) learn.toFp16();
        if (o.precision() == DType.BFLOAT16) learn.toBf16();
        if (o.diagnose()) learn.diagnose(true);
        Path checkpoint = c.out().resolve("checkpoint.safetensors"), metrics = c.out().resolve("metrics.json");
        int start = 0;
        double lr = o.lr();
        if (o.resume() != null) {
            if (!Files.isRegularFile(checkpoint)) throw new IllegalArgumentException("--resume: no checkpoint " + checkpoint);
            int leftovers = AtomicFiles.deleteLeftovers(c.out());
            if (leftovers > 0) out.println("resume: deleted " + leftovers + " temporary file(s) a killed write left in " + c.out());
            Learner.Checkpoint saved = learn.load(checkpoint);
            if (saved.precision() != o.precision())
                out.println("resume: note: the run trained in " + saved.precision() + " and continues in " + o.precision()
                        + (o.precision() == DType.FLOAT16 ? " with a fresh loss scaler" : saved.precision() == DType.FLOAT16 ? " without its loss scaler" : "")
                        + "; to continue it exactly, give the precision option it was started with");
            start = saved.epoch();
            long total = (long) o.epochs() * fitLoaders.train().batchCount();
            if (start == o.epochs() && saved.totalBatches() == total) {   // stopped (killed) after its last checkpoint
                model.save(c.out().resolve("model.safetensors"));
                out.println("resume: " + c.out() + " had finished its " + start + " epochs; wrote model.safetensors from its checkpoint");
                return null;
            }
            if (saved.totalBatches() != total)
                out.println("resume: note: the checkpoint's one-cycle schedule spans " + saved.totalBatches() + " batches, this one "
                        + total + " (--epochs " + o.epochs() + "): the schedule changes from here on; to continue a run exactly,"
                        + " give the --epochs it was started with (stop a run early with --stop-after N)");
            if (start >= o.epochs())
                throw new IllegalArgumentException("--resume: " + c.out() + " has done " + start + " epoch(s) already; give --epochs above that");
            String previous = Files.isRegularFile(metrics) ? Files.readString(metrics) : "";
            lr = resumedLr(previous, c, lr);
            out.printf(Locale.ROOT, "resume: %s at epoch %d of %d, lr %s%n", checkpoint, start, o.epochs(), lr);
        } else if (o.autoLr()) {
            // with --augment, lr-find sweeps un-augmented loaders: its abandoned prefetch must not draw augmentations
            LrFindResult found = (o.augment() ? new Learner(dls, model, data.loss(), groups -> Adam.fastai(groups, 1e-3), List.of()) : learn).lrFind();
            lr = found.valley();
            if (!(lr > 0)) throw new IllegalArgumentException("--lr auto: lr-find gave no valley suggestion after "
                    + found.iterations() + " iterations (the loss diverged too early); give --lr a value");
            out.printf(Locale.ROOT, "lr auto: lr-find's valley suggestion %.3e (%d iterations%s)%n", lr, found.iterations(),
                    found.diverged() ? ", stopped at divergence" : "");
        }
        learn.addCallbacks(new ProgressPrinter(out));
        if (o.progressive() != null) learn.addCallbacks(o.progressive());
        if (o.augment()) learn.addCallbacks(new ReseedEachEpoch(augmentation, c.seed() + 1));
        Files.createDirectories(c.out());
        double fitLr = lr;
        // metrics.json before the checkpoint: a kill between the two leaves the checkpoint one epoch
        // behind, and the resumed run redoes that epoch and rewrites metrics.json
        learn.addCallbacks(new Callback() {
            @Override public void afterEpoch(Learner l) {
                try {
                    writeAtomically(metrics, metricsJson(c, fitLr, device, l.recorder().epochs()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot write " + metrics, e);
                }
            }
        }, SaveModelCallback.everyEpoch(checkpoint));
        learn.addCallbacks(new Callback() {
            @Override public void afterEpoch(Learner l) {
                if (l.epochsDone() >= o.stopAfter() && l.epochsDone() < o.epochs()) {
                    out.println("stopping after epoch " + l.epoch() + " (--stop-after " + o.stopAfter() + "); continue with --resume " + c.out());
                    throw Callback.Cancel.FIT;
                }
            }
        });
        learn.fitOneCycle(o.epochs(), Lr.of(lr), new OneCycle(), start);

        model.save(c.out().resolve("model.safetensors"));
        String noPlots = plotsUnavailableReason();
        if (noPlots == null) {
            TrainingPlots.writeLosses(learn.recorder(), c.out().resolve("losses.png"));
            TrainingPlots.writeSchedule(learn.recorder(), c.out().resolve("schedule.png"));
        }
        Map<String, Double> last = learn.recorder().epochs().get(learn.recorder().epochs().size() - 1).metrics();
        StringBuilder finals = new StringBuilder();
        last.forEach((name, v) -> finals.append(finals.length() == 0 ? "" : ", ").append(data.validName()).append(' ').append(name)
                .append(name.equals("accuracy") ? String.format(Locale.ROOT, " %.2f%%", 100 * v) : String.format(Locale.ROOT, " %.6g", v)));
        out.printf(Locale.ROOT, "%s; wrote %s, %s, %s%s%n", finals, metrics, c.out().resolve("model.safetensors"), checkpoint.getFileName(),
                noPlots == null ? ", losses.png and schedule.png" : "; no plots: " + noPlots);
        return learn;
    }

    /**
     * Progressive resizing needs square images whose size the last phase trains at, so the saved
     * model is trained at the size it will see.
     */
    static void checkProgressive(ProgressiveResizing progressive, TrainingData data) {
        if (data.input() == DefaultModels.Input.FEATURES)
            throw new IllegalArgumentException("--progressive resizes images; the data is a table of features");
        int[] shape = data.loaders().train().dataset().x().shape();
        int h = shape[shape.length - 2], w = shape[shape.length - 1];
        if (h != w || progressive.finalSize() != h)
            throw new IllegalArgumentException("--progressive " + progressive + ": the last phase must train at the images' size, " + h + "x" + w
                    + ", so the saved model is trained at the size it will see; got " + progressive.finalSize() + "x" + progressive.finalSize());
    }

    /** Null when the plots can be drawn, else why not: a small Java runtime without AWT (such as the GPU check's) has no java.desktop. */
    static String plotsUnavailableReason() {
        return ModuleLayer.boot().findModule("java.desktop").isPresent() ? null : "this Java runtime has no java.desktop module (AWT)";
    }

    /**
     * The run's metrics: its options, then per epoch of the recorder (a resumed run's include the
     * epochs before it, restored from the checkpoint) the losses, metrics and seconds, and the last
     * epoch's metrics as {@code final_<name>}.
     */
    static String metricsJson(DataModelOptions o, double lr, Device device, List<EpochResult> epochs) {
        StringBuilder sb = new StringBuilder("{\n  \"data\": \"").append(o.dataName())
                .append("\",\n  \"device\": \"").append(device).append("\",\n  \"seed\": ").append(o.seed())
                .append(",\n  \"lr\": ").append(lr).append(",\n  \"batch_size\": ").append(o.batchSize()).append(",\n  \"epochs\": [\n");
        for (int i = 0; i < epochs.size(); i++) {
            EpochResult r = epochs.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"epoch\": %d, \"train_loss\": %s, \"valid_loss\": %s", r.epoch(), num(r.trainLoss()), num(r.validLoss())));
            for (Map.Entry<String, Double> m : r.metrics().entrySet()) sb.append(", \"").append(m.getKey()).append("\": ").append(num(m.getValue()));
            sb.append(String.format(Locale.ROOT, ", \"seconds\": %.3f}", r.seconds())).append(i + 1 < epochs.size() ? ",\n" : "\n");
        }
        sb.append("  ]");
        if (!epochs.isEmpty()) epochs.get(epochs.size() - 1).metrics().forEach((name, v) -> sb.append(",\n  \"final_").append(name).append("\": ").append(num(v)));
        return sb.append("\n}\n").toString();
    }

    /** The learning rate of the run being resumed, after checking its seed and batch size against the options. */
    private static double resumedLr(String metricsJson, DataModelOptions c, double given) {
        Matcher lr = Pattern.compile("\"lr\": ([-+0-9.eE]+|NaN)").matcher(metricsJson);
        if (!lr.find()) {
            if (Double.isNaN(given)) throw new IllegalArgumentException("--resume: no metrics.json with the run's lr in " + c.out() + "; give --lr");
            return given;
        }
        for (String[] key : new String[][] {{"seed", Long.toString(c.seed())}, {"batch_size", Integer.toString(c.batchSize())}}) {
            Matcher v = Pattern.compile("\"" + key[0] + "\": (-?[0-9]+)").matcher(metricsJson);
            if (v.find() && !v.group(1).equals(key[1]))
                throw new IllegalArgumentException("--resume: the run used " + key[0] + " " + v.group(1) + ", not " + key[1] + "; give the run's options again");
        }
        return Double.parseDouble(lr.group(1));
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }

    /** Replaces {@code target} with {@code text} so that a crash leaves the old or the new file ({@link AtomicFiles}). */
    static void writeAtomically(Path target, String text) throws IOException {
        AtomicFiles.writeString(target, text);
    }
}
