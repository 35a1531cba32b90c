package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jgrad.tensor.cpu.CpuParallel;
import org.jgrad.training.augment.ProgressiveResizing;
import org.jgrad.training.experiment.ExperimentPlot;
import org.jgrad.training.experiment.Spread;
import org.jgrad.training.learner.EpochResult;
import org.jgrad.training.learner.Learner;

/**
 * {@code jgrad train --sweep progressive}: does training on small images first pay, for the same
 * time? Every schedule of {@code --schedules} (progressive resizing phases, e.g. {@code 14:2,28:1},
 * or the full size only, {@code 28:2}) is trained with every seed of {@code --seeds}, each run a
 * whole {@code jgrad train --progressive SCHEDULE --seed S} with the other options as given
 * (Fashion-MNIST unless {@code --data} says otherwise), one after the other in this process, the
 * schedules taking turns within each seed so a change in the machine's load touches all of them
 * alike; a first short run warms the JIT up and is not counted. Per run it keeps the last epoch's
 * accuracy (at the full size) and the seconds of its epochs (training and validation, from the
 * recorder). Writes {@code progressive.md} (mean, standard deviation, min and max over the seeds,
 * median seconds), {@code progressive.json} and {@code progressive.png} (accuracy against
 * seconds, a dot per run) to {@code --out}; each run's own files go to {@code --out/SCHEDULE-seedS}.
 */
final class ProgressiveSweep {
    private ProgressiveSweep() {}

    /** Two time budgets, each with the full size only and progressive schedules of about its time (model (b), 2-core CPU). */
    static final String DEFAULT_SCHEDULES = "28:2;14:2,28:1;28:4;14:3,28:2;14:5,28:1";
    static final int DEFAULT_SEEDS = 3;

    /** One run: its schedule, seed, final accuracy and the seconds of its epochs. */
    record Run(String schedule, long seed, double accuracy, double seconds) {}

    static void run(String[] args, PrintStream out) throws IOException {
        SweepArguments a = SweepArguments.split(args, Set.of("--sweep", "--schedules", "--seeds"));
        a.requireSweep("progressive");
        List<String> rest = new ArrayList<>(List.of(a.rest()));
        for (String own : List.of("--progressive", "--epochs", "--resume", "--stop-after", "--lr"))
            if (rest.contains(own)) throw new IllegalArgumentException(own + " does not apply to --sweep progressive: "
                    + (own.equals("--lr") ? "every run uses the default peak lr 1e-2" : "each schedule of --schedules sets it"));
        if (!rest.contains("--data")) rest.addAll(List.of("--data", "fashion-mnist"));
        List<ProgressiveResizing> schedules = schedules(a.get("--schedules", DEFAULT_SCHEDULES));
        int seeds = a.positive("--seeds", DEFAULT_SEEDS);
        TrainCommand.Options base = TrainCommand.Options.parse(rest.toArray(String[]::new));
        DataModelOptions c = base.common();
        Files.createDirectories(c.out());
        out.println("jgrad train --sweep progressive: " + c.dataName() + ", schedules (size:epochs) " + schedules + " x " + seeds
                + " seed(s) from " + c.seed() + ", batch " + c.batchSize());

        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        out.println("warm-up: " + schedules.get(0) + " on 2,048 images (not counted)");
        train(rest, schedules.get(0), c.seed(), c.out().resolve("warm-up").toString(), List.of("--subset", "2048"), quiet);
        List<Run> runs = new ArrayList<>();
        int total = schedules.size() * seeds, done = 0;
        for (int k = 0; k < seeds; k++) {
            long seed = c.seed() + k;
            for (ProgressiveResizing schedule : schedules) {
                String dir = c.out().resolve(schedule.toString().replace(':', 'x') + "-seed" + seed).toString();
                Learner learn = train(rest, schedule, seed, dir, List.of(), quiet);
                List<EpochResult> epochs = learn.recorder().epochs();
                double seconds = epochs.stream().mapToDouble(EpochResult::seconds).sum();
                Run r = new Run(schedule.toString(), seed, epochs.get(epochs.size() - 1).metrics().get("accuracy"), seconds);
                runs.add(r);
                out.printf(Locale.ROOT, "run %d/%d: %s, seed %d: accuracy %.2f%%, %.1f s%n", ++done, total, r.schedule(), seed,
                        100 * r.accuracy(), r.seconds());
            }
        }
        String table = markdown(c, schedules, seeds, runs);
        out.println();
        out.print(table);
        TrainCommand.writeAtomically(c.out().resolve("progressive.md"), table);
        TrainCommand.writeAtomically(c.out().resolve("progressive.json"), json(c, runs));
        String noPlots = TrainCommand.plotsUnavailableReason();
        if (noPlots == null) {
            ExperimentPlot plot = new ExperimentPlot("progressive resizing: accuracy against training time (" + c.dataName() + ")",
                    "seconds of the run's epochs", "test accuracy (%)", false);
            for (ProgressiveResizing s : schedules) {
                List<ExperimentPlot.Point> points = new ArrayList<>();
                for (Run r : runs) if (r.schedule().equals(s.toString())) points.add(new ExperimentPlot.Point(r.seconds(), r.accuracy()));
                plot.add(s.phases().size() == 1 ? s + " (full size)" : s.toString(), points, false);
            }
            plot.write(c.out().resolve("progressive.png"));
        }
        out.println("wrote " + c.out().resolve("progressive.md") + ", progressive.json" + (noPlots == null ? ", progressive.png" : " (no plot: " + noPlots + ")"));
    }

    /** {@code a;b;c}: schedules of {@link ProgressiveResizing#parse}. */
    static List<ProgressiveResizing> schedules(String spec) {
        List<ProgressiveResizing> out = new ArrayList<>();
        for (String s : spec.split(";", -1)) out.add(ProgressiveResizing.parse(s.trim()));
        if (out.stream().map(Object::toString).distinct().count() != out.size())
            throw new IllegalArgumentException("--schedules: a schedule is given twice in '" + spec + "'");
        return out;
    }

    private static Learner train(List<String> rest, ProgressiveResizing schedule, long seed, String out, List<String> extra, PrintStream quiet)
            throws IOException {
        List<String> args = new ArrayList<>(rest);
        args.addAll(List.of("--progressive", schedule.toString(), "--seed", Long.toString(seed), "--out", out));
        args.addAll(extra);
        return TrainCommand.train(TrainCommand.Options.parse(args.toArray(String[]::new)), quiet);
    }

    static String markdown(DataModelOptions c, List<ProgressiveResizing> schedules, int seeds, List<Run> runs) {
        StringBuilder md = new StringBuilder("# Progressive resizing against the full size, for the same time\n\n");
        md.append(String.format(Locale.ROOT, "%s, %s, %d thread(s), float32, `jgrad train --sweep progressive`: %s, %s CNN, Adam one-cycle at"
                        + " peak lr 1e-2, batch %d, %d seed(s) per schedule. A schedule `S:E,...` trains E epochs on S×S images per phase"
                        + " (bilinear resizing of the 28×28 images), under one one-cycle schedule; accuracy is the last epoch's, at 28×28,"
                        + " on the test set; seconds are the run's epochs (training and validation).%n%n",
                LocalDate.now(), InfoCommand.cpuModel(), CpuParallel.threads(), c.dataName(), c.wide() ? "wide" : "basic", c.batchSize(), seeds));
        md.append("| schedule (size:epochs) | epochs | accuracy % (mean ± sd, min–max) | seconds (median) |\n|---|---:|---|---:|\n");
        Map<String, List<Run>> by = new LinkedHashMap<>();
        for (ProgressiveResizing s : schedules) by.put(s.toString(), new ArrayList<>());
        for (Run r : runs) by.get(r.schedule()).add(r);
        for (ProgressiveResizing s : schedules) {
            List<Run> rs = by.get(s.toString());
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f |%n", s, s.totalEpochs(),
                    Spread.of(rs.stream().map(Run::accuracy).toList()).percent(), Spread.median(rs.stream().map(Run::seconds).toList())));
        }
        return md.toString();
    }

    static String json(DataModelOptions c, List<Run> runs) {
        StringBuilder sb = new StringBuilder("{\n  \"experiment\": \"progressive\",\n  \"data\": \"" + c.dataName() + "\",\n  \"model\": \""
                + (c.wide() ? "wide" : "basic") + "\",\n  \"batch_size\": " + c.batchSize() + ",\n  \"runs\": [\n");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"schedule\": \"%s\", \"seed\": %d, \"accuracy\": %.6f, \"seconds\": %.3f}%s%n", r.schedule(),
                    r.seed(), r.accuracy(), r.seconds(), i + 1 < runs.size() ? "," : ""));
        }
        return sb.append("  ]\n}\n").toString();
    }
}
