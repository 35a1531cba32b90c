package org.jgrad.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Pages whose code cannot rot: every fenced block of a page under {@code docs/} that follows an
 * include marker must equal, line for line, the text the marker names in a source file the tests
 * compile and run (or an output file the tests write).
 *
 * <p>In a source file, a named region:
 * <pre>
 *   // tour:begin forward
 *   Tensor loss = ...;
 *   // tour:end forward
 * </pre>
 * In a page, a marker directly above the fenced block that shows it (the path is from the
 * repository root; without {@code #name} the whole file is meant, e.g. an output the test wrote):
 * <pre>
 *   &lt;!-- include: autograd/src/test/java/org/jgrad/autograd/TwoLayerMlpByHandTest.java#forward --&gt;
 *   ```java
 *   Tensor loss = ...;
 *   ```
 * </pre>
 * The quoted text is the region's lines without their common indentation; marker lines of other
 * regions nested inside are left out, so regions may overlap.
 *
 * <p>{@code TourPagesTest} fails on any difference, printing it. To refresh every page from the
 * sources, run from the repository root (no build needed):
 * <pre>
 *   java docs/src/test/java/org/jgrad/docs/DocIncludes.java
 * </pre>
 */
public final class DocIncludes {
    /** How to refresh the pages, for failure messages. */
    public static final String HOW_TO_REFRESH = "to rewrite the blocks from the sources, run from the repository root:\n"
            + "    java docs/src/test/java/org/jgrad/docs/DocIncludes.java\nand review the change with git diff";

    private static final Pattern MARKER = Pattern.compile("^<!-- include: (\\S+?)(?:#([\\w.-]+))? -->\\s*$");
    private static final Pattern REGION = Pattern.compile("\\btour:(begin|end) ([\\w.-]+)");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private DocIncludes() {}

    /** Rewrites every page's included blocks from the sources; prints the pages it changed. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int changed = 0;
        for (Path page : pages(root)) {
            Checked c = check(root, page);
            c.problems().stream().filter(p -> p.contains("points at nothing") || p.contains("broken link")).forEach(System.err::println);
            if (!c.refreshed().equals(Files.readString(page))) {
                Files.writeString(page, c.refreshed());
                System.out.println("refreshed " + root.relativize(page));
                changed++;
            }
        }
        System.out.println(changed == 0 ? "every page was up to date" : changed + " page(s) refreshed");
    }

    /** Every Markdown page under {@code docs/} (build output and sources excluded), sorted. */
    public static List<Path> pages(Path root) throws IOException {
        Path docs = root.resolve("docs");
        try (Stream<Path> files = Files.walk(docs)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !docs.relativize(p).startsWith("target") && !docs.relativize(p).startsWith("src"))
                    .sorted().toList();
        }
    }

    /**
     * The outcome of checking one page.
     *
     * @param problems  one message per stale block, dangling marker or broken link (empty: the page is right)
     * @param refreshed the page with every resolvable block rewritten from its source
     * @param includes  how many include markers the page has
     */
    public record Checked(List<String> problems, String refreshed, int includes) {}

    /** Checks {@code page} against the sources under {@code root}. */
    public static Checked check(Path root, Path page) throws IOException {
        List<String> lines = Files.readString(page).lines().toList();
        String where = root.relativize(page).toString();
        List<String> problems = new ArrayList<>();
        List<String> out = new ArrayList<>();
        int includes = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            out.add(line);
            checkLinks(page, where, i + 1, line, problems);
            Matcher m = MARKER.matcher(line);
            if (!m.matches()) continue;
            includes++;
            String target = m.group(1) + (m.group(2) == null ? "" : "#" + m.group(2));
            List<String> expected;
            try {
                expected = quoted(root, m.group(1), m.group(2));
            } catch (IllegalArgumentException e) {
                problems.add(where + ":" + (i + 1) + ": the include of " + target + " points at nothing: " + e.getMessage());
                continue;
            }
            boolean hasBlock = i + 1 < lines.size() && lines.get(i + 1).startsWith("```");
            int close = hasBlock ? closingFence(lines, i + 2) : -1;
            if (!hasBlock || close < 0) {
                problems.add(where + ":" + (i + 1) + ": the include of " + target + " is not followed by a fenced block");
                out.add("```" + language(m.group(1)));
                out.addAll(expected);
                out.add("```");
                continue;
            }
            List<String> shown = lines.subList(i + 2, close);
            if (!shown.equals(expected))
                problems.add(where + ":" + (i + 1) + ": the block differs from " + target + " (- page, + source):\n" + diff(shown, expected));
            out.add(lines.get(i + 1));
            out.addAll(expected);
            out.add(lines.get(close));
            i = close;
        }
        return new Checked(problems, String.join("\n", out) + "\n", includes);
    }

    /** The text an include names: region {@code name} of {@code path}, or the whole file when name is null. */
    static List<String> quoted(Path root, String path, String name) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) throw new IllegalArgumentException("no file " + path);
        List<String> lines = Files.readString(file).lines().toList();
        if (name == null) return lines;
        int begin = -1, end = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = REGION.matcher(lines.get(i));
            if (!m.find() || !m.group(2).equals(name)) continue;
            if (m.group(1).equals("begin")) {
                if (begin >= 0) throw new IllegalArgumentException(path + " begins region '" + name + "' twice (lines " + (begin + 1) + " and " + (i + 1) + ")");
                begin = i;
            } else if (begin >= 0 && end < 0) {
                end = i;
            }
        }
        if (begin < 0) throw new IllegalArgumentException(path + " has no region '" + name + "' (a line with tour:begin " + name + ")");
        if (end < 0) throw new IllegalArgumentException(path + " never ends region '" + name + "' (a line with tour:end " + name + ")");
        List<String> body = new ArrayList<>();
        for (String l : lines.subList(begin + 1, end)) if (!REGION.matcher(l).find()) body.add(l);
        if (body.stream().allMatch(String::isBlank)) throw new IllegalArgumentException(path + " has an empty region '" + name + "'");
        return dedent(body);
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }

    private static int closingFence(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) if (lines.get(i).strip().equals("```")) return i;
        return -1;
    }

    private static String language(String path) {
        if (path.endsWith(".java") || path.endsWith(".jsh")) return "java";
        if (path.endsWith(".dot")) return "dot";
        return "text";
    }

    /** Relative links and images must name files that exist. */
    private static void checkLinks(Path page, String where, int lineNo, String line, List<String> problems) {
        Matcher m = LINK.matcher(line);
        while (m.find()) {
            String link = m.group(1);
            if (link.contains("://") || link.startsWith("#") || link.startsWith("mailto:")) continue;
            String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
            if (!Files.exists(page.getParent().resolve(file)))
                problems.add(where + ":" + lineNo + ": broken link to " + link);
        }
    }

    /** A line diff (longest common subsequence): "  " same, "- " only in a, "+ " only in b. */
    static String diff(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--)
            for (int j = b.size() - 1; j >= 0; j--)
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        StringBuilder sb = new StringBuilder();
        int i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) { sb.append("    ").append(a.get(i++)).append('\n'); j++; }
            else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) sb.append("  - ").append(a.get(i++)).append('\n');
            else sb.append("  + ").append(b.get(j++)).append('\n');
        }
        return sb.toString();
    }

    /** {@link #check} for every page: all problems, each naming the page and line. */
    public static List<String> problems(Path root) {
        try {
            List<String> all = new ArrayList<>();
            for (Path page : pages(root)) all.addAll(check(root, page).problems());
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
