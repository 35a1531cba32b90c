package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jgrad.tensor.Device;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.learner.LrFindPlot;
import org.jgrad.training.learner.LrFindResult;
import org.jgrad.training.learner.LrFinder;
import org.jgrad.training.learner.LrSuggestions;
import org.jgrad.training.optim.Adam;

/**
 * {@code jgrad lr-find}: the same data and model as {@code train} ({@link DataModelOptions}),
 * fastai's learning-rate finder on them ({@link LrFinder}: {@code --start}, {@code --end},
 * {@code --num-it}, defaults 1e-7, 10, 100), the four suggestions printed, and the curve written
 * to {@code --out} as {@code lr_find.png} (the valley marked) and {@code lr_find.csv}
 * ({@code lr,loss,raw_loss}: learning rate, smoothed loss, batch loss).
 */
final class LrFindCommand {
    private LrFindCommand() {}

    /** Its options: the sweep's and {@link DataModelOptions#OPTIONS}. */
    static final CommandHelp HELP = new CommandHelp("lr-find", "",
            "fastai's learning-rate finder on train's data and model: prints the valley, steep, minimum and slide suggestions",
            List.of("writes lr_find.png (the valley marked) and lr_find.csv to --out"),
            TrainCommand.concat(List.of(
                    CommandHelp.option("--start", "X", "the first learning rate (default 1e-7)"),
                    CommandHelp.option("--end", "X", "the last learning rate (default 10)"),
                    CommandHelp.option("--num-it", "N", "iterations, exponentially spaced from --start to --end (default 100)")),
                    DataModelOptions.OPTIONS));

    /** The parsed command line: the shared options and the sweep. */
    record Options(DataModelOptions common, double start, double end, int numIt) {
        static Options parse(String[] args) {
            double[] range = {LrFinder.DEFAULT_START, LrFinder.DEFAULT_END};
            int[] numIt = {LrFinder.DEFAULT_NUM_IT};
            DataModelOptions common = DataModelOptions.parse(args, (a, v) -> {
                switch (a) {
                    case "--start" -> range[0] = Double.parseDouble(v);
                    case "--end" -> range[1] = Double.parseDouble(v);
                    case "--num-it" -> numIt[0] = DataModelOptions.positive(a, v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            });
            if (!(range[0] > 0 && range[1] > range[0]))
                throw new IllegalArgumentException("need 0 < --start < --end, got " + range[0] + " and " + range[1]);
            return new Options(common, range[0], range[1], numIt[0]);
        }
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args);
        DataModelOptions c = o.common();
        Device device = c.chooseDevice(out);
        out.printf(Locale.ROOT, "jgrad lr-find: %s, lr %.1e to %.1e over %d iterations, batch %d, seed %d, device %s%n",
                c.dataName(), o.start(), o.end(), o.numIt(), c.batchSize(), c.seed(), device);
        TrainingData data = c.load(out);
        Learner learn = new Learner(data.loaders().andThen(DataModelOptions.toDevice(device)), data.model(c.wide(), c.seed()).to(device), data.loss(), groups -> Adam.fastai(groups, 1e-3), data.metrics());
        long t0 = System.nanoTime();
        LrFindResult r = learn.lrFind(o.start(), o.end(), o.numIt());
        out.printf(Locale.ROOT, "%d iterations in %.1f s%s%n", r.iterations(), (System.nanoTime() - t0) / 1e9,
                r.diverged() ? String.format(Locale.ROOT, ", stopped when the loss diverged at lr %.2e", r.lrs()[r.iterations() - 1]) : "");
        LrSuggestions.Suggestions s = r.suggestions();
        out.println("suggestions:");
        print(out, "valley", s.valley(), "  (the default)");
        print(out, "steep", s.steep(), "");
        print(out, "minimum", s.minimum(), "  (a tenth of the lr at the lowest loss)");
        print(out, "slide", s.slide(), "");

        Files.createDirectories(c.out());
        Path png = c.out().resolve("lr_find.png"), csv = c.out().resolve("lr_find.csv");
        StringBuilder text = new StringBuilder("lr,loss,raw_loss\n");
        for (int i = 0; i < r.iterations(); i++)
            text.append(String.format(Locale.ROOT, "%.9e,%.9g,%.9g%n", r.lrs()[i], r.losses()[i], r.rawLosses()[i]));
        TrainCommand.writeAtomically(csv, text.toString());
        LrFindPlot.write(r, png);
        out.println("wrote " + png + " and " + csv);
    }

    private static void print(PrintStream out, String name, LrSuggestions.Suggestion s, String note) {
        out.printf(Locale.ROOT, "  %-8s %s%s%n", name, Double.isNaN(s.lr()) ? "none (too few points)" : String.format(Locale.ROOT, "%.3e", s.lr()), note);
    }
}
