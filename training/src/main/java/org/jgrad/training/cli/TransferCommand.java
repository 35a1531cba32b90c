package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrad.nn.Module;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.EpochResult;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.learner.ProgressPrinter;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.LayerGroups;

/**
 * {@code jgrad transfer}: the transfer-learning experiment. Three runs of the same CNN
 * ({@link DataModelOptions#greyImageModel()}, the wide {@code MnistCnn} unless {@code --basic}):
 * <ol>
 *   <li><b>pretrain</b> on Fashion-MNIST (all 60,000 training images unless
 *       {@code --pretrain-subset}) with one-cycle for {@code --pretrain-epochs} (1) at
 *       {@code --pretrain-lr} (1e-2), or load {@code --pretrained FILE} (e.g. a
 *       {@code model.safetensors} of {@code jgrad train --data fashion-mnist}); the result is
 *       saved as {@code pretrained.safetensors} in {@code --out};</li>
 *   <li><b>fine-tune</b> it on {@code --finetune-subset} (1,000) MNIST training images chosen with
 *       the seed: the head is re-initialized ({@link #reinitializeHead}), the model is cut into two
 *       layer groups, body and head ({@link #bodyAndHead}), and trained with fastai's
 *       {@link Learner#fineTune(int, double, int, double, double, double) fineTune}
 *       ({@code --freeze-epochs} (1) with the body frozen, then {@code --epochs} (5) unfrozen with
 *       discriminative learning rates, {@code --lr} (2e-3) as {@code base_lr} and
 *       {@code --lr-mult} (100) as {@code lr_mult});</li>
 *   <li><b>from scratch</b>: the same architecture, initialized from the same seed (so its head
 *       starts from exactly the values the fine-tuned head was re-initialized to), trained on the
 *       same images in the same batch order with one-cycle at {@code --scratch-lr} (1e-2) for the
 *       same total number of epochs (freeze epochs + epochs).</li>
 * </ol>
 * Both MNIST models are evaluated on the full 10,000-image MNIST test set (the first
 * {@code --test-subset} images of a seeded permutation when given), the pretrained one on the
 * Fashion-MNIST test set. It prints a table and writes {@code transfer.json} to {@code --out}.
 *
 * <p><b>The head.</b> Clothes and digits both have 10 classes, so the pretrained last block
 * (conv 3×3 to 10 channels and its BatchNorm) would fit as it is, but its outputs mean Fashion
 * classes: keeping it would start the digit classifier from a wrong, confident mapping. As fastai
 * does when it cuts a pretrained model and adds a new head, the last block (the last top-level child
 * with parameters) is re-initialized: its parameters and BatchNorm running statistics are replaced
 * by those of a freshly initialized model. Everything before it, the body, keeps its pretrained
 * values.
 *
 * <p>All images are normalized with MNIST's mean and standard deviation (as {@code jgrad train}
 * does for both data sets), so a model file from {@code jgrad train --data fashion-mnist} can be
 * given as {@code --pretrained}. The pretraining batch size is {@code --bs} (128); fine-tuning
 * and from-scratch training use {@code --finetune-bs} (64: 15 steps an epoch on 1,000 images).
 */
final class TransferCommand {
    private TransferCommand() {}

    private static final String FIXED_DATA = "does not apply: the data sets are fixed; use --pretrain-subset, --finetune-subset, --test-subset";

    /** Its options: its own and those of {@link DataModelOptions#OPTIONS} that apply (the data sets are fixed). */
    static final CommandHelp HELP = new CommandHelp("transfer", "",
            "pretrain on fashion-mnist (or --pretrained FILE), fineTune on 1,000 mnist images, compare with training from scratch",
            List.of("writes pretrained.safetensors and transfer.json to --out"),
            TrainCommand.concat(List.of(
                    CommandHelp.option("--pretrained", "FILE", "a model file to start from instead of pretraining"),
                    CommandHelp.option("--pretrain-epochs", "N", "epochs of pretraining (default 1)"),
                    CommandHelp.option("--pretrain-lr", "X", "pretraining's peak learning rate (default 1e-2)"),
                    CommandHelp.option("--pretrain-subset", "N", "pretrain on N Fashion-MNIST images (default: all 60,000)"),
                    CommandHelp.option("--finetune-subset", "N", "MNIST training images to fine-tune on (default 1000)"),
                    CommandHelp.option("--finetune-bs", "N", "batch size of fine-tuning and of the from-scratch run (default 64)"),
                    CommandHelp.option("--freeze-epochs", "N", "epochs with the body frozen (default 1)"),
                    CommandHelp.option("--epochs", "N", "epochs unfrozen, with discriminative learning rates (default 5)"),
                    CommandHelp.option("--lr", "X", "fineTune's base_lr (default 2e-3)"),
                    CommandHelp.option("--lr-mult", "X", "fineTune's lr_mult (default 100)"),
                    CommandHelp.option("--scratch-lr", "X", "the from-scratch run's peak learning rate (default 1e-2)"),
                    CommandHelp.option("--test-subset", "N", "evaluate on N test images (default: all 10,000)"),
                    CommandHelp.option("--sweep", "lr-factor", "instead: fine-tune with one layer group per block, their learning rates a factor apart,"
                            + " for each of --factors and --seeds; writes lr-factor.md, .json and .png"),
                    CommandHelp.option("--factors", "X,...", "the sweep's factors between neighbouring layer groups (default 1,1.5,2.6,5,10,100)"),
                    CommandHelp.option("--seeds", "N", "the sweep's seeds per factor: --seed, --seed+1, ... (default 3)")),
                    DataModelOptions.options("--bs", "--seed", "--out", "--device", "--basic")),
            Map.of("--data", FIXED_DATA, "--subset", FIXED_DATA, "--label", FIXED_DATA, "--regression", FIXED_DATA));

    /** The parsed command line. */
    record Options(DataModelOptions common, int pretrainEpochs, double pretrainLr, Path pretrained, int pretrainSubset,
                   int finetuneSubset, int finetuneBs, int epochs, int freezeEpochs, double baseLr, double lrMult,
                   double scratchLr, int testSubset) {
        static Options parse(String[] args) {
            for (String a : args)
                if (a.equals("--data") || a.equals("--subset"))
                    throw new IllegalArgumentException(a + " " + FIXED_DATA);
            int[] ints = {1, 0, 1000, 64, 5, 1, 0};   // pretrain epochs, pretrain subset, finetune subset, finetune bs, epochs, freeze epochs, test subset
            double[] lrs = {1e-2, 2e-3, 1e-2, 100};  // pretrain, base, scratch, lr mult
            Path[] pretrained = {null};
            DataModelOptions common = DataModelOptions.parse(args, (a, v) -> {
                switch (a) {
                    case "--pretrain-epochs" -> ints[0] = DataModelOptions.positive(a, v);
                    case "--pretrain-subset" -> ints[1] = DataModelOptions.positive(a, v);
                    case "--finetune-subset" -> ints[2] = DataModelOptions.positive(a, v);
                    case "--finetune-bs" -> ints[3] = DataModelOptions.positive(a, v);
                    case "--epochs" -> ints[4] = DataModelOptions.positive(a, v);
                    case "--freeze-epochs" -> ints[5] = nonNegative(a, v);
                    case "--test-subset" -> ints[6] = DataModelOptions.positive(a, v);
                    case "--pretrain-lr" -> lrs[0] = positiveDouble(a, v);
                    case "--lr" -> lrs[1] = positiveDouble(a, v);
                    case "--scratch-lr" -> lrs[2] = positiveDouble(a, v);
                    case "--lr-mult" -> lrs[3] = positiveDouble(a, v);
                    case "--pretrained" -> pretrained[0] = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            });
            return new Options(common, ints[0], lrs[0], pretrained[0], ints[1], ints[2], ints[3], ints[4], ints[5], lrs[1],
                    lrs[3], lrs[2], ints[6]);
        }

        /** Epochs of each MNIST run: the frozen and the unfrozen phase of fineTune together. */
        int totalEpochs() { return freezeEpochs + epochs; }
    }

    /** What one of the three runs gave: its accuracy on its test set, seconds, and per-epoch results. */
    record Outcome(double accuracy, double seconds, List<EpochResult> epochs) {}

    static void run(String[] args, PrintStream out) throws IOException {
        if (List.of(args).contains("--sweep")) {
            LrFactorSweep.run(args, out);
            return;
        }
        for (String a : args)
            if (a.equals("--factors") || a.equals("--seeds")) throw new IllegalArgumentException(a + " belongs to --sweep lr-factor");
        Options o = Options.parse(args);
        DataModelOptions c = o.common();
        Device device = c.cpuOnly("jgrad transfer", out);
        out.println("jgrad transfer: pretrain on fashion-mnist, fine-tune on " + o.finetuneSubset() + " mnist images ("
                + o.freezeEpochs() + "+" + o.epochs() + " epochs, base lr " + o.baseLr() + ", lr mult " + o.lrMult() + ") vs from scratch ("
                + o.totalEpochs() + " epochs, lr " + o.scratchLr() + "), seed " + c.seed() + ", device " + device);
        Files.createDirectories(c.out());

        // 1. pretrain on Fashion-MNIST, or load
        TensorDataset fashionTest = testSet(Dataset.FASHION_MNIST, o.testSubset(), c.seed());
        Pretrained p = pretrain(o, fashionTest, out);
        Module pretrained = p.model();
        Outcome pre = p.outcome();
        String preSource = p.source();

        // 2. fine-tune on a small MNIST subset, with a re-initialized head
        TensorDataset mnistTrain = DataModelOptions.dataset(Mnist.load(Dataset.MNIST, Split.TRAIN));
        mnistTrain = mnistTrain.subset(Math.min(o.finetuneSubset(), mnistTrain.size()), c.seed());
        TensorDataset mnistTest = testSet(Dataset.MNIST, o.testSubset(), c.seed());
        Module scratch = c.greyImageModel();   // same seed: the same initial values as the pretrained model had
        List<String> reset = reinitializeHead(pretrained, scratch);
        out.println("fine-tune: head re-initialized (" + String.join(", ", reset) + "); " + mnistTrain.size()
                + " mnist training images, " + mnistTest.size() + " test images, batch " + o.finetuneBs());
        long t0 = System.nanoTime();
        Learner fine = classifier(DataLoaders.of(mnistTrain, mnistTest, o.finetuneBs(), c.seed()), pretrained, o.baseLr(),
                TransferCommand::bodyAndHead);
        fine.addCallbacks(new ProgressPrinter(out));
        fine.fineTune(o.epochs(), o.baseLr(), o.freezeEpochs(), o.lrMult(), 0.3, 5);
        Outcome tuned = outcome(fine, t0);

        // 3. the same architecture from scratch on the same images
        out.println("from scratch: " + o.totalEpochs() + " epochs, one-cycle, lr " + o.scratchLr());
        t0 = System.nanoTime();
        Learner fromScratch = classifier(DataLoaders.of(mnistTrain, mnistTest, o.finetuneBs(), c.seed()), scratch, o.scratchLr(),
                LayerGroups::single);
        fromScratch.addCallbacks(new ProgressPrinter(out));
        fromScratch.fitOneCycle(o.totalEpochs(), o.scratchLr());
        Outcome scratchOutcome = outcome(fromScratch, t0);

        out.println();
        out.println(String.format(Locale.ROOT, "%-44s %-22s %9s %8s", "run", "test set", "accuracy", "seconds"));
        out.println(row("pretrain (fashion-mnist" + (o.pretrained() != null ? ", loaded" : ", " + o.pretrainEpochs() + " ep") + ")",
                "fashion-mnist " + fashionTest.size(), pre));
        out.println(row("fine-tuned (" + mnistTrain.size() + " mnist, " + o.freezeEpochs() + "+" + o.epochs() + " ep)",
                "mnist " + mnistTest.size(), tuned));
        out.println(row("from scratch (" + mnistTrain.size() + " mnist, " + o.totalEpochs() + " ep)", "mnist " + mnistTest.size(),
                scratchOutcome));
        Path json = c.out().resolve("transfer.json");
        TrainCommand.writeAtomically(json, json(o, device, preSource, fashionTest.size(), mnistTrain.size(), mnistTest.size(), pre,
                tuned, scratchOutcome));
        out.println("wrote " + json + " and " + c.out().resolve("pretrained.safetensors"));
    }

    /** The pretrained model, how it did on the Fashion-MNIST test set, and where it came from ("trained" or the file). */
    record Pretrained(Module model, Outcome outcome, String source) {}

    /** Step 1: pretrains the model on Fashion-MNIST (or loads {@code --pretrained}), printing progress; saves it as {@code pretrained.safetensors} in {@code --out}. */
    static Pretrained pretrain(Options o, TensorDataset fashionTest, PrintStream out) throws IOException {
        DataModelOptions c = o.common();
        Module pretrained = c.greyImageModel();
        Outcome pre;
        String preSource;
        long t0 = System.nanoTime();
        if (o.pretrained() != null) {
            pretrained.load(o.pretrained(), true);
            preSource = o.pretrained().toString();
            TensorDataset none = fashionTest.range(0, Math.min(c.batchSize(), fashionTest.size()));
            Learner learn = classifier(DataLoaders.of(none, fashionTest, c.batchSize(), c.seed()), pretrained, 1e-3, LayerGroups::single);
            double acc = learn.validate().metrics().get("accuracy");
            pre = new Outcome(acc, seconds(t0), List.of());
            out.printf(Locale.ROOT, "pretrained: loaded %s, fashion-mnist test accuracy %.2f%%%n", preSource, 100 * acc);
        } else {
            TensorDataset fashionTrain = DataModelOptions.dataset(Mnist.load(Dataset.FASHION_MNIST, Split.TRAIN));
            if (o.pretrainSubset() > 0) fashionTrain = fashionTrain.subset(Math.min(o.pretrainSubset(), fashionTrain.size()), c.seed());
            preSource = "trained";
            out.println("pretrain: " + fashionTrain.size() + " fashion-mnist training images, " + fashionTest.size() + " test images, "
                    + o.pretrainEpochs() + " epoch(s), lr " + o.pretrainLr() + ", batch " + c.batchSize());
            Learner learn = classifier(DataLoaders.of(fashionTrain, fashionTest, c.batchSize(), c.seed()), pretrained, o.pretrainLr(),
                    LayerGroups::single);
            learn.addCallbacks(new ProgressPrinter(out));
            learn.fitOneCycle(o.pretrainEpochs(), o.pretrainLr());
            pre = outcome(learn, t0);
        }
        pretrained.save(c.out().resolve("pretrained.safetensors"));
        return new Pretrained(pretrained, pre, preSource);
    }

    /**
     * The index of the head among {@code model}'s top-level children: the last child that has
     * parameters (for {@code MnistCnn}, the last conv-BN block; the Flatten after it has none).
     */
    static int headIndex(Module model) {
        List<Module> children = new ArrayList<>(model.namedChildren().values());
        for (int i = children.size() - 1; i >= 0; i--)
            if (!children.get(i).namedParameters().isEmpty()) return i;
        throw new IllegalArgumentException("transfer: " + model.getClass().getSimpleName() + " has no child with parameters");
    }

    /** Two layer groups: the body (the children before the head) and the head (it and what follows). */
    static LayerGroups bodyAndHead(Module model) {
        return LayerGroups.split(model, headIndex(model));
    }

    /**
     * Re-initializes the head of {@code model} ({@link #headIndex}): copies every parameter and
     * buffer of {@code fresh}'s head (a freshly initialized model of the same architecture) into
     * it, leaving the body untouched. Returns the state keys that were replaced.
     */
    static List<String> reinitializeHead(Module model, Module fresh) {
        int head = headIndex(model);
        String prefix = new ArrayList<>(model.namedChildren().keySet()).get(head) + ".";
        Map<String, NDArray> state = new LinkedHashMap<>();
        fresh.stateDict().forEach((k, v) -> { if (k.startsWith(prefix)) state.put(k, v); });
        if (state.isEmpty()) throw new IllegalArgumentException("transfer: the fresh model has no state under '" + prefix + "'");
        model.loadStateDict(state, false);
        return List.copyOf(state.keySet());
    }

    static Learner classifier(DataLoaders dls, Module model, double lr, java.util.function.Function<Module, LayerGroups> splitter) {
        return new Learner(dls, model, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, lr), List.of(new Accuracy()), splitter);
    }

    static TensorDataset testSet(Dataset data, int subset, long seed) throws IOException {
        TensorDataset test = DataModelOptions.dataset(Mnist.load(data, Split.TEST));
        return subset > 0 ? test.subset(Math.min(subset, test.size()), seed) : test;
    }

    static Outcome outcome(Learner learn, long startNanos) {
        List<EpochResult> epochs = learn.recorder().epochs();
        return new Outcome(epochs.get(epochs.size() - 1).metrics().get("accuracy"), seconds(startNanos), List.copyOf(epochs));
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String row(String run, String testSet, Outcome r) {
        return String.format(Locale.ROOT, "%-44s %-22s %8.2f%% %8.1f", run, testSet, 100 * r.accuracy(), r.seconds());
    }

    private static int nonNegative(String option, String value) {
        int v = Integer.parseInt(value);
        if (v < 0) throw new IllegalArgumentException(option + " must be >= 0, got " + v);
        return v;
    }

    static double positiveDouble(String option, String value) {
        double v = Double.parseDouble(value);
        if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(option + " must be > 0, got " + value);
        return v;
    }

    static String json(Options o, Device device, String preSource, int fashionTest, int train, int test, Outcome pre, Outcome tuned,
                       Outcome scratch) {
        DataModelOptions c = o.common();
        return "{\n  \"device\": \"" + device + "\",\n  \"seed\": " + c.seed() + ",\n  \"model\": \"" + (c.wide() ? "wide" : "basic")
                + "\",\n  \"pretrain\": {\"data\": \"fashion-mnist\", \"source\": \"" + preSource.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\", \"epochs\": " + (o.pretrained() != null ? 0 : o.pretrainEpochs()) + ", \"lr\": " + o.pretrainLr()
                + ", \"batch_size\": " + c.batchSize() + ", \"test_images\": " + fashionTest
                + ", \"test_accuracy\": " + num(pre.accuracy()) + ", \"seconds\": " + secs(pre.seconds()) + "},\n"
                + "  \"finetune\": {\"data\": \"mnist\", \"train_images\": " + train + ", \"test_images\": " + test
                + ", \"freeze_epochs\": " + o.freezeEpochs() + ", \"epochs\": " + o.epochs() + ", \"base_lr\": " + o.baseLr()
                + ", \"lr_mult\": " + o.lrMult() + ", \"batch_size\": " + o.finetuneBs() + ", \"head\": \"re-initialized\""
                + ", \"test_accuracy\": " + num(tuned.accuracy()) + ", \"seconds\": " + secs(tuned.seconds())
                + ", \"accuracy_by_epoch\": " + byEpoch(tuned) + "},\n"
                + "  \"scratch\": {\"data\": \"mnist\", \"train_images\": " + train + ", \"test_images\": " + test
                + ", \"epochs\": " + o.totalEpochs() + ", \"lr\": " + o.scratchLr() + ", \"batch_size\": " + o.finetuneBs()
                + ", \"test_accuracy\": " + num(scratch.accuracy()) + ", \"seconds\": " + secs(scratch.seconds())
                + ", \"accuracy_by_epoch\": " + byEpoch(scratch) + "}\n}\n";
    }

    private static String byEpoch(Outcome r) {
        List<String> v = new ArrayList<>();
        for (EpochResult e : r.epochs()) v.add(num(e.metrics().getOrDefault("accuracy", Double.NaN)));
        return "[" + String.join(", ", v) + "]";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }

    private static String secs(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
