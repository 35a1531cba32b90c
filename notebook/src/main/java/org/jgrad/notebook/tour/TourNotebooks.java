package org.jgrad.notebook.tour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The tour's notebooks, generated from its pages: {@code docs/tour/NAME.md} becomes
 * {@code docs/notebooks/NAME.ipynb} (every page but the index, README.md). One source: the code
 * cells are the regions of test sources that the pages include (and the tests run), so a page, its
 * notebook and its test cannot disagree.
 * <ul>
 *   <li>prose becomes Markdown cells, links rewritten to resolve from docs/notebooks ({@link Links});</li>
 *   <li>an included region of Java test code becomes one code cell with exactly that code, preceded by
 *       the notebook-only setup it needs ({@link SetupRegions});</li>
 *   <li>an included output the tests wrote (a whole file under docs/) becomes a Markdown cell that shows
 *       it as the reference output; other included code (main sources, CUDA) stays in the prose as a listing,
 *       and so does a test region marked {@code notebook:skip}, with the reason.</li>
 * </ul>
 * docs/notebooks/README.md describes the markers for the reader.
 * {@code TourNotebooksTest} fails when a committed notebook differs from what this generates.
 */
public final class TourNotebooks {
    /** How to rewrite the notebooks, for failure messages. */
    public static final String HOW_TO_REFRESH = "to regenerate docs/notebooks/*.ipynb from the pages and the test sources, run from the repository root:\n"
            + "    mvn -B -o -q -pl tensor,native-kernels,autograd,nn,training,bench,notebook test -Dtest=TourNotebooksTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Djgrad.refreshNotebooks=true\n"
            + "(or, with the notebook module compiled: java -cp notebook/target/classes org.jgrad.notebook.tour.TourNotebooks)\n"
            + "and review the change with git diff";

    private final Path root;
    private final Path pageDir;
    private final Path notebookDir;

    /** The generator for the repository at {@code root}. */
    public TourNotebooks(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.pageDir = this.root.resolve("docs/tour");
        this.notebookDir = this.root.resolve("docs/notebooks");
    }

    /** Writes every notebook that differs from what is generated; prints what it changed. */
    public static void main(String[] args) throws IOException {
        TourNotebooks tour = new TourNotebooks(Path.of(args.length > 0 ? args[0] : "."));
        List<Path> written = tour.refresh();
        written.forEach(p -> System.out.println("wrote " + tour.root.relativize(p)));
        System.out.println(written.isEmpty() ? "every notebook was up to date" : written.size() + " notebook(s) written");
    }

    /** The folder of the notebooks. */
    public Path notebookDir() {
        return notebookDir;
    }

    /** The pages that have a notebook: docs/tour/*.md but README.md, sorted by name. */
    public List<Path> pages() {
        try (Stream<Path> files = Files.list(pageDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md") && !p.getFileName().toString().equals("README.md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pageDir, e);
        }
    }

    /** The notebook generated from {@code page}: same name, extension .ipynb, in docs/notebooks. */
    public Path notebookOf(Path page) {
        String name = page.getFileName().toString();
        return notebookDir.resolve(name.substring(0, name.length() - ".md".length()) + ".ipynb");
    }

    /** Every notebook's path and text, in page order. */
    public Map<Path, String> generate() {
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path page : pages()) out.put(notebookOf(page), Ipynb.text(cells(page)));
        return out;
    }

    /** Writes the notebooks whose committed text differs; returns the ones written. */
    public List<Path> refresh() throws IOException {
        Files.createDirectories(notebookDir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, String> e : generate().entrySet()) {
            if (Files.exists(e.getKey()) && Files.readString(e.getKey()).equals(e.getValue())) continue;
            Files.writeString(e.getKey(), e.getValue());
            written.add(e.getKey());
        }
        return written;
    }

    /** The cells of {@code page}'s notebook. */
    public List<Cell> cells(Path page) {
        String where = root.relativize(page).toString();
        List<TourPage.Part> parts;
        try {
            parts = TourPage.parse(where, Files.readString(page));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where, e);
        }
        Links links = new Links(pageDir, notebookDir, pages().stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        Builder b = new Builder(new SetupRegions(root), links, root);
        b.markdown.add("*Generated from the tour page [" + page.getFileName() + "](" + links.relative(page) + ")"
                + " and the test sources it quotes; regenerate rather than edit. Cells marked `// notebook only` run what a"
                + " quoted region needs from its test, or show its result, and are not on the page.*");
        b.flush();
        for (TourPage.Part part : parts) {
            if (part instanceof TourPage.Prose prose) prose.lines().forEach(l -> b.markdown.add(links.rewrite(l)));
            else b.include((TourPage.Include) part);
        }
        b.flush();
        return b.cells;
    }

    /** Collects one notebook's cells. */
    private static final class Builder {
        final List<Cell> cells = new ArrayList<>();
        final List<String> markdown = new ArrayList<>();
        final Set<String> placed = new HashSet<>();
        final SetupRegions setups;
        final Links links;
        final Path root;

        Builder(SetupRegions setups, Links links, Path root) {
            this.setups = setups;
            this.links = links;
            this.root = root;
        }

        void include(TourPage.Include inc) {
            Optional<String> skipped = inc.runnable() ? setups.skipped(inc.path(), inc.region()) : Optional.empty();
            if (skipped.isPresent()) {
                fenced(inc);
                markdown.add("*Not run in this notebook: " + skipped.get() + ".*");
            } else if (inc.runnable()) {
                setups.setup(inc.path(), inc.region()).ifPresent(this::setup);
                flush();
                cells.add(Cell.code(inc.lines(), inc.origin(), false));
                setups.setup(inc.path(), inc.region() + SetupRegions.AFTER).ifPresent(this::setup);
            } else if (inc.region() == null && inc.path().startsWith("docs/")) {
                flush();
                Path file = root.resolve(inc.path());
                markdown.add("Reference output: what the tests wrote to [`" + file.getFileName() + "`](" + links.relative(file) + "):");
                fenced(inc);
                flush();
            } else {
                fenced(inc);
            }
        }

        private void fenced(TourPage.Include inc) {
            markdown.add("```" + inc.language());
            markdown.addAll(inc.lines());
            markdown.add("```");
        }

        /** A notebook-only cell, after the cells of the regions it uses (each once per notebook). */
        private void setup(SetupRegions.Region region) {
            if (!placed.add(region.origin())) return;
            for (String use : region.uses()) {
                int hash = use.lastIndexOf('#');
                setup(setups.used(use.substring(0, hash), use.substring(hash + 1)));
            }
            if (region.code().stream().allMatch(String::isBlank)) return;   // only uses
            flush();
            List<String> lines = new ArrayList<>();
            lines.add("// notebook only, not on the page (" + region.origin() + ")");
            lines.addAll(region.code());
            cells.add(Cell.code(lines, region.origin(), true));
        }

        /** The pending Markdown as a cell, without blank lines at its ends (none when it is all blank). */
        void flush() {
            int from = 0, to = markdown.size();
            while (from < to && markdown.get(from).isBlank()) from++;
            while (to > from && markdown.get(to - 1).isBlank()) to--;
            if (from < to) cells.add(Cell.markdown(markdown.subList(from, to)));
            markdown.clear();
        }
    }
}
