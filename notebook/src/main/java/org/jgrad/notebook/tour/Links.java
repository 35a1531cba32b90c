package org.jgrad.notebook.tour;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relative Markdown links and images of a tour page, rewritten so that they resolve from the
 * notebooks' folder: {@code figures/x.png} becomes {@code ../tour/figures/x.png}, and a link to a
 * page that has a notebook becomes a link to that notebook ({@code 2-autograd.md#backward} →
 * {@code 2-autograd.ipynb#backward}). Absolute URLs and in-page anchors are left as they are.
 */
final class Links {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private final Path pageDir;
    private final Path notebookDir;
    private final Set<String> pagesWithNotebooks;

    /**
     * @param pageDir            the pages' folder (docs/tour)
     * @param notebookDir        the notebooks' folder (docs/notebooks)
     * @param pagesWithNotebooks file names of the pages that have a notebook ({@code 1-ndarray.md}, ...)
     */
    Links(Path pageDir, Path notebookDir, Set<String> pagesWithNotebooks) {
        this.pageDir = pageDir.toAbsolutePath().normalize();
        this.notebookDir = notebookDir.toAbsolutePath().normalize();
        this.pagesWithNotebooks = Set.copyOf(pagesWithNotebooks);
    }

    /** {@code line} with every relative link target rewritten. */
    String rewrite(String line) {
        Matcher m = LINK.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement("](" + target(m.group(1)) + ")"));
        m.appendTail(out);
        return out.toString();
    }

    private String target(String link) {
        if (link.contains("://") || link.startsWith("#") || link.startsWith("mailto:")) return link;
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash), anchor = hash < 0 ? "" : link.substring(hash);
        Path resolved = pageDir.resolve(file).normalize();
        String name = resolved.getFileName().toString();
        if (resolved.getParent().equals(pageDir) && pagesWithNotebooks.contains(name))
            resolved = notebookDir.resolve(name.substring(0, name.length() - ".md".length()) + ".ipynb");
        return relative(resolved) + (file.endsWith("/") ? "/" : "") + anchor;
    }

    /** The link from the notebooks' folder to {@code file}, as it is (no page replaced by its notebook). */
    String relative(Path file) {
        return notebookDir.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
