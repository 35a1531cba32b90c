package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jgrad.nn.Module;
import org.jgrad.tensor.cpu.CpuParallel;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.experiment.ExperimentPlot;
import org.jgrad.training.experiment.Spread;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.LayerGroups;

/**
 * {@code jgrad transfer --sweep lr-factor}: is ULMFiT's factor of 2.6 between the learning rates
 * of neighbouring layer groups the best one here? The model pretrained on Fashion-MNIST
 * ({@link TransferCommand#pretrain}, once) is fine-tuned on a small MNIST subset for every factor
 * {@code f} of {@code --factors} and every seed of {@code --seeds}, with one layer group per
 * block ({@link #byBlock}: {@code k} groups, the re-initialized head last) and fastai's
 * {@code fineTune} with {@code lr_mult = f^(k-1)}: {@code slice(base/lr_mult, base)} spaces the
 * groups' peak rates geometrically, so group {@code g} (0 = the input block) trains at
 * {@code base / f^(k-1-g)}, each a factor {@code f} below the group above it; {@code f = 1} is one
 * rate for all. A seed chooses the fine-tuning images, their batch order and the head's fresh
 * initialization; every run starts from the same pretrained body. Each run's accuracy is on the
 * MNIST test set ({@code --test-subset} to shorten). Writes {@code lr-factor.md} (a table: mean,
 * standard deviation, min and max over the seeds), {@code lr-factor.json} (every run) and
 * {@code lr-factor.png} (accuracy against factor, log scale).
 */
final class LrFactorSweep {
    private LrFactorSweep() {}

    static final List<Double> DEFAULT_FACTORS = List.of(1.0, 1.5, 2.6, 5.0, 10.0, 100.0);
    static final int DEFAULT_SEEDS = 3;

    /** One fine-tuning run: its factor and seed, its test accuracy and seconds. */
    record Run(double factor, long seed, double accuracy, double seconds) {}

    /** The sweep's own options taken out of the command line, and transfer's options from the rest. */
    record Options(TransferCommand.Options transfer, List<Double> factors, int seeds) {
        static Options parse(String[] args) {
            SweepArguments a = SweepArguments.split(args, Set.of("--sweep", "--factors", "--seeds"));
            a.requireSweep("lr-factor");
            List<Double> factors = a.own().containsKey("--factors") ? factors(a.own().get("--factors")) : DEFAULT_FACTORS;
            return new Options(TransferCommand.Options.parse(a.rest()), factors, a.positive("--seeds", DEFAULT_SEEDS));
        }

        private static List<Double> factors(String v) {
            List<Double> out = new ArrayList<>();
            for (String part : v.split(",", -1)) {
                double f;
                try {
                    f = Double.parseDouble(part.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--factors: '" + part + "' in '" + v + "' is not a number");
                }
                if (!(f >= 1) || !Double.isFinite(f)) throw new IllegalArgumentException("--factors: each factor must be >= 1, got " + part.trim());
                if (out.contains(f)) throw new IllegalArgumentException("--factors: " + part.trim() + " is given twice");
                out.add(f);
            }
            return List.copyOf(out);
        }
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Options s = Options.parse(args);
        TransferCommand.Options o = s.transfer();
        DataModelOptions c = o.common();
        c.cpuOnly("jgrad transfer --sweep lr-factor", out);
        Files.createDirectories(c.out());
        int groups = byBlock(c.greyImageModel()).size();
        out.println("jgrad transfer --sweep lr-factor: factors " + s.factors() + " x " + s.seeds() + " seed(s) from " + c.seed() + "; "
                + groups + " layer groups (one per block); fine-tune on " + o.finetuneSubset() + " mnist images, " + o.freezeEpochs() + "+"
                + o.epochs() + " epochs, base lr " + o.baseLr());

        TensorDataset fashionTest = TransferCommand.testSet(Dataset.FASHION_MNIST, o.testSubset(), c.seed());
        TransferCommand.Pretrained pre = TransferCommand.pretrain(o, fashionTest, out);
        Path pretrainedFile = c.out().resolve("pretrained.safetensors");
        TensorDataset mnistTrain = DataModelOptions.dataset(Mnist.load(Dataset.MNIST, Split.TRAIN));
        TensorDataset mnistTest = TransferCommand.testSet(Dataset.MNIST, o.testSubset(), c.seed());

        List<Run> runs = new ArrayList<>();
        int total = s.factors().size() * s.seeds(), done = 0;
        for (int k = 0; k < s.seeds(); k++) {
            long seed = c.seed() + k;
            TensorDataset train = mnistTrain.subset(Math.min(o.finetuneSubset(), mnistTrain.size()), seed);
            for (double factor : s.factors()) {
                long t0 = System.nanoTime();
                Module model = c.greyImageModel(seed);
                model.load(pretrainedFile, true);
                TransferCommand.reinitializeHead(model, c.greyImageModel(seed));
                Learner fine = TransferCommand.classifier(DataLoaders.of(train, mnistTest, o.finetuneBs(), seed), model, o.baseLr(),
                        LrFactorSweep::byBlock);
                fine.fineTune(o.epochs(), o.baseLr(), o.freezeEpochs(), Math.pow(factor, groups - 1), 0.3, 5);
                Run r = new Run(factor, seed, TransferCommand.outcome(fine, t0).accuracy(), TransferCommand.seconds(t0));
                runs.add(r);
                out.printf(Locale.ROOT, "run %d/%d: factor %s, seed %d: accuracy %.2f%%, %.1f s%n", ++done, total, format(factor), seed,
                        100 * r.accuracy(), r.seconds());
            }
        }
        String table = markdown(s, groups, pre, fashionTest.size(), mnistTest.size(), runs);
        out.println();
        out.print(table);
        TrainCommand.writeAtomically(c.out().resolve("lr-factor.md"), table);
        TrainCommand.writeAtomically(c.out().resolve("lr-factor.json"), json(s, groups, runs));
        String noPlots = TrainCommand.plotsUnavailableReason();
        if (noPlots == null) {
            List<ExperimentPlot.Point> points = new ArrayList<>();
            for (Run r : runs) points.add(new ExperimentPlot.Point(r.factor(), r.accuracy()));
            new ExperimentPlot("fine-tuning accuracy against the learning-rate factor between layer groups",
                    "factor between neighbouring layer groups (log scale)", "MNIST test accuracy (%)", true)
                    .add("fine-tuned", points, true).write(c.out().resolve("lr-factor.png"));
        }
        out.println("wrote " + c.out().resolve("lr-factor.md") + ", lr-factor.json" + (noPlots == null ? ", lr-factor.png" : " (no plot: " + noPlots + ")"));
    }

    /**
     * One layer group per block: the top-level children before the head each alone, the head
     * ({@link TransferCommand#headIndex}) with what follows it. For {@code MnistCnn}, 5 groups.
     */
    static LayerGroups byBlock(Module model) {
        int head = TransferCommand.headIndex(model);
        int[] bounds = new int[head];
        for (int i = 0; i < head; i++) bounds[i] = i + 1;
        return LayerGroups.split(model, bounds);
    }

    /** The runs grouped by factor, in the order of {@code --factors}. */
    static Map<Double, List<Double>> accuraciesByFactor(List<Double> factors, List<Run> runs) {
        Map<Double, List<Double>> by = new LinkedHashMap<>();
        for (double f : factors) by.put(f, new ArrayList<>());
        for (Run r : runs) by.get(r.factor()).add(r.accuracy());
        return by;
    }

    static String markdown(Options s, int groups, TransferCommand.Pretrained pre, int fashionTest, int mnistTest, List<Run> runs) {
        TransferCommand.Options o = s.transfer();
        DataModelOptions c = o.common();
        StringBuilder md = new StringBuilder("# Discriminative learning rates: the factor between layer groups\n\n");
        md.append(String.format(Locale.ROOT, "%s, %s, %d thread(s), float32, `jgrad transfer --sweep lr-factor`.%n%n", LocalDate.now(),
                InfoCommand.cpuModel(), CpuParallel.threads()));
        md.append(String.format(Locale.ROOT, "Pretrained on Fashion-MNIST (%s; test accuracy %.2f%% on %d images), the %s CNN was fine-tuned on %d MNIST"
                        + " images (a subset per seed) with fastai's fineTune: %d epoch(s) with the body frozen, then %d with %d layer groups (one per"
                        + " block, the re-initialized head last), peak learning rate of group g = %s / 2 / factor^(%d - g), batch %d."
                        + " Accuracy on %d MNIST test images; %d seed(s) per factor.%n%n",
                pre.source().equals("trained") ? o.pretrainEpochs() + " epoch(s), lr " + o.pretrainLr() : "loaded from " + pre.source(),
                100 * pre.outcome().accuracy(), fashionTest, c.wide() ? "wide" : "basic", o.finetuneSubset(), o.freezeEpochs(), o.epochs(), groups,
                o.baseLr(), groups - 1, o.finetuneBs(), mnistTest, s.seeds()));
        md.append("| factor | lr_mult = factor^").append(groups - 1).append(" | lowest group's peak lr | accuracy % (mean ± sd, min–max) | seconds per run (median) |\n");
        md.append("|---:|---:|---:|---|---:|\n");
        Map<Double, List<Double>> by = accuraciesByFactor(s.factors(), runs);
        double bestMean = -1, bestFactor = Double.NaN;
        for (Map.Entry<Double, List<Double>> e : by.entrySet()) {
            double f = e.getKey(), mult = Math.pow(f, groups - 1);
            List<Double> secs = new ArrayList<>();
            for (Run r : runs) if (r.factor() == f) secs.add(r.seconds());
            Spread sp = Spread.of(e.getValue());
            if (sp.mean() > bestMean) { bestMean = sp.mean(); bestFactor = f; }
            md.append(String.format(Locale.ROOT, "| %s | %.4g | %.3g | %s | %.1f |%n", format(f), mult, o.baseLr() / 2 / mult, sp.percent(),
                    Spread.median(secs)));
        }
        md.append(String.format(Locale.ROOT, "%nHighest mean: factor %s (%.2f%%).%n", format(bestFactor), 100 * bestMean));
        return md.toString();
    }

    static String json(Options s, int groups, List<Run> runs) {
        TransferCommand.Options o = s.transfer();
        StringBuilder sb = new StringBuilder("{\n  \"experiment\": \"lr-factor\",\n");
        sb.append(String.format(Locale.ROOT, "  \"layer_groups\": %d,\n  \"base_lr\": %s,\n  \"finetune_images\": %d,\n  \"freeze_epochs\": %d,\n"
                + "  \"epochs\": %d,\n  \"model\": \"%s\",\n  \"runs\": [\n", groups, o.baseLr(), o.finetuneSubset(), o.freezeEpochs(), o.epochs(),
                o.common().wide() ? "wide" : "basic"));
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"factor\": %s, \"seed\": %d, \"accuracy\": %.6f, \"seconds\": %.3f}%s%n", format(r.factor()),
                    r.seed(), r.accuracy(), r.seconds(), i + 1 < runs.size() ? "," : ""));
        }
        return sb.append("  ]\n}\n").toString();
    }

    /** 2.6, 10, 1.5: no trailing zeros. */
    static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
