package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jgrad.training.data.DataFile;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.DatasetCache;

/**
 * {@code jgrad fetch-data mnist|fashion-mnist}: makes a data set present and checked in the cache
 * (fetching what is missing, with progress lines) and prints where its files are.
 */
final class FetchDataCommand {
    private FetchDataCommand() {}

    /** It takes one operand and no options. */
    static final CommandHelp HELP = new CommandHelp("fetch-data", "mnist|fashion-mnist",
            "download a data set into the cache (-Djgrad.data, $JGRAD_DATA or ~/.cache/jgrad), check its SHA-256, print where it is",
            List.of(), List.of());

    static void run(String[] args, PrintStream out) throws IOException {
        if (args.length != 1)
            throw new IllegalArgumentException("expected one data set name: mnist or fashion-mnist (cache: -Djgrad.data, $JGRAD_DATA, ~/.cache/jgrad)");
        Dataset dataset = Dataset.byId(args[0]);
        DatasetCache cache = DatasetCache.standard(out::println);
        out.println(dataset.id() + ": cache " + cache.folder(dataset.id()));
        long t0 = System.nanoTime();
        Path folder = cache.ensure(dataset);
        out.printf(Locale.ROOT, "%s: %d files present, SHA-256 checked (%.1f s):%n", dataset.id(), dataset.files().size(), (System.nanoTime() - t0) / 1e9);
        for (DataFile f : dataset.files()) {
            Path p = folder.resolve(f.name());
            out.printf(Locale.ROOT, "  %-40s %,12d bytes%n", p, Files.size(p));
        }
    }
}
