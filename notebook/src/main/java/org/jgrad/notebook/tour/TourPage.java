package org.jgrad.notebook.tour;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tour page cut into prose and included blocks. An included block is an include marker
 * ({@code <!-- include: path#region -->}) directly above a fenced block; the docs module's
 * TourPagesTest checks that the block equals the region it names, so the block's lines are the
 * region's code.
 */
final class TourPage {
    private static final Pattern MARKER = Pattern.compile("^<!-- include: (\\S+?)(?:#([\\w.-]+))? -->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");

    /** A part of a page, in page order. */
    sealed interface Part permits Prose, Include {}

    /** Lines of Markdown between included blocks. */
    record Prose(List<String> lines) implements Part {}

    /**
     * An included block.
     *
     * @param path     the included file, from the repository root
     * @param region   the region's name, or null for the whole file (an output the tests wrote)
     * @param language the fence's language ({@code java}, {@code text}, ...)
     * @param lines    the block's lines
     */
    record Include(String path, String region, String language, List<String> lines) implements Part {
        /** {@code path#region}, or the path for a whole file. */
        String origin() {
            return region == null ? path : path + "#" + region;
        }

        /** Java from a test source: code the tests run, so a notebook can run it too. */
        boolean runnable() {
            return language.equals("java") && ("/" + path).contains("/src/test/java/");
        }
    }

    private TourPage() {}

    /** The parts of a page's text; {@code name} is for error messages. */
    static List<Part> parse(String name, String text) {
        List<String> lines = text.lines().toList();
        List<Part> parts = new ArrayList<>();
        List<String> prose = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i));
            if (!marker.matches()) {
                prose.add(lines.get(i));
                continue;
            }
            Matcher fence = i + 1 < lines.size() ? FENCE.matcher(lines.get(i + 1)) : null;
            int close = fence != null && fence.matches() ? closingFence(lines, i + 2) : -1;
            if (close < 0) throw new IllegalArgumentException(name + ":" + (i + 1) + ": an include marker without a fenced block under it");
            if (!prose.isEmpty()) parts.add(new Prose(List.copyOf(prose)));
            prose.clear();
            parts.add(new Include(marker.group(1), marker.group(2), fence.group(1), lines.subList(i + 2, close)));
            i = close;
        }
        if (!prose.isEmpty()) parts.add(new Prose(prose));
        return parts;
    }

    private static int closingFence(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) if (lines.get(i).strip().equals("```")) return i;
        return -1;
    }
}
