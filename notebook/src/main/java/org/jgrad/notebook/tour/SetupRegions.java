package org.jgrad.notebook.tour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notebook-only code of the test sources: what a tour region needs from its test method (or
 * class) to run on its own in a notebook, while the page shows the region alone.
 *
 * <p>In a test source, a setup region named after the tour region it prepares, outside every tour
 * region; the test runs it like any other code:
 * <pre>
 *   // notebook:begin lr-find
 *   // notebook:uses #spiral-learner
 *   Learner learn = spiralLearner(LayerGroups::single);
 *   // notebook:end lr-find
 *   // tour:begin lr-find
 *   LrFindResult found = learn.lrFind();
 * </pre>
 * In the notebook its code is a cell of its own just above the cell of tour region {@code lr-find}.
 * A region named {@code lr-find.after} goes just below it instead: what only a notebook shows, such
 * as a chart inline ({@code // notebook-only: Png.lrFind(found)}).
 * Inside a setup region:
 * <ul>
 *   <li>{@code // notebook:uses path#name} (or {@code #name} for the same file) puts region
 *       {@code name} of that file, a setup region or else a tour region, in a cell before it, once
 *       per notebook: a helper class or method the code calls;</li>
 *   <li>{@code // notebook-only: code} is a line that only the notebook runs, for the few places where
 *       a notebook must differ from the test (e.g. writing figures to a temporary folder).</li>
 * </ul>
 * A tour region that cannot run in a notebook (it needs a package-private class of jgrad, or a
 * test-only one) is marked anywhere in its file with
 * <pre>
 *   // notebook:skip layouts: Layouts is package-private in org.jgrad.cuda
 * </pre>
 * and the notebook shows it as a listing with that reason instead of a code cell.
 *
 * <p>Marker lines of other regions inside are left out and the text loses its common indentation,
 * as on the pages.
 */
final class SetupRegions {
    private static final Pattern MARKER = Pattern.compile("//\\s*(tour|notebook):(begin|end) ([\\w.-]+)");
    private static final Pattern USES = Pattern.compile("^//\\s*notebook:uses (\\S*)#([\\w.-]+)\\s*$");
    private static final String ONLY = "// notebook-only: ";
    /** The suffix of a region's name that puts its cell after the tour region's rather than before. */
    static final String AFTER = ".after";
    private static final Pattern SKIP = Pattern.compile("//\\s*notebook:skip ([\\w.-]+):\\s*(.+)$");

    /** A region's code and what it uses, as {@code path#name} from the repository root. */
    record Region(String origin, List<String> code, List<String> uses) {}

    private final Path root;
    private final Map<String, List<String>> files = new HashMap<>();

    SetupRegions(Path root) {
        this.root = root;
    }

    /** The setup region {@code name} of {@code path}, if it has one. */
    Optional<Region> setup(String path, String name) {
        return find(path, "notebook", name).map(lines -> region(path, name, lines));
    }

    /** Why tour region {@code name} of {@code path} is not run in a notebook, if it is marked so. */
    Optional<String> skipped(String path, String name) {
        for (String line : lines(path)) {
            Matcher m = SKIP.matcher(line.strip());
            if (m.find() && m.group(1).equals(name)) return Optional.of(m.group(2).strip());
        }
        return Optional.empty();
    }

    /** What a {@code uses} line names: a setup region of that file, else its tour region. */
    Region used(String path, String name) {
        return setup(path, name).or(() -> find(path, "tour", name).map(lines -> region(path, name, lines)))
                .orElseThrow(() -> new IllegalArgumentException(path + " has no region '" + name + "' (notebook:begin or tour:begin)"));
    }

    private Region region(String path, String name, List<String> body) {
        List<String> code = new ArrayList<>(), uses = new ArrayList<>();
        for (String line : body) {
            String s = line.strip();
            Matcher use = USES.matcher(s);
            if (use.matches()) uses.add((use.group(1).isEmpty() ? path : use.group(1)) + "#" + use.group(2));
            else if (s.startsWith(ONLY)) code.add(line.substring(0, line.indexOf(ONLY)) + s.substring(ONLY.length()));
            else if (!MARKER.matcher(s).find()) code.add(line);
        }
        return new Region(path + "#" + name, dedent(code), uses);
    }

    /** The lines strictly between {@code kind:begin name} and {@code kind:end name}. */
    private Optional<List<String>> find(String path, String kind, String name) {
        List<String> lines = lines(path);
        int begin = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (!m.find() || !m.group(1).equals(kind) || !m.group(3).equals(name)) continue;
            if (m.group(2).equals("begin")) {
                if (begin >= 0) throw new IllegalArgumentException(path + ":" + (i + 1) + ": region '" + name + "' begins twice");
                begin = i;
            } else if (begin >= 0) {
                return Optional.of(lines.subList(begin + 1, i));
            }
        }
        if (begin >= 0) throw new IllegalArgumentException(path + ":" + (begin + 1) + ": region '" + name + "' never ends (" + kind + ":end " + name + ")");
        return Optional.empty();
    }

    private List<String> lines(String path) {
        return files.computeIfAbsent(path, p -> {
            try {
                return Files.readString(root.resolve(p)).lines().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        });
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }
}
