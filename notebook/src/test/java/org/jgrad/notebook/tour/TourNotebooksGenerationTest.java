package org.jgrad.notebook.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TourNotebooks} on a small repository of its own: which part of a page becomes which cell. */
class TourNotebooksGenerationTest {
    @TempDir
    Path root;

    @BeforeEach
    void repository() throws IOException {
        write("docs/tour/README.md", "# Index\n");
        write("docs/tour/b.md", "# B\n");
        write("docs/tour/figures/x.png", "");
        write("docs/tour/figures/out.txt", "step 1: 0.5\n");
        write("docs/other.md", "# Other\n");
        write("src/main/java/M.java", "class M {\n    // tour:begin body\n    int m;\n    // tour:end body\n}\n");
        write("src/test/java/Helper.java", "// notebook:begin helper\nstatic int twice(int v) { return 2 * v; }\n// notebook:end helper\n");
        write("src/test/java/T.java", String.join("\n",
                "class T {",
                "    // notebook:skip never: it needs a test-only class",
                "    void f() {",
                "        // notebook:begin second",
                "        // notebook:uses src/test/java/Helper.java#helper",
                "        int x = twice(1);",
                "        // notebook-only: int y = 5;   // only the notebook",
                "        // notebook:end second",
                "        // tour:begin first",
                "        int a = 1;",
                "        // tour:end first",
                "        // tour:begin second",
                "        int b = x + y;",
                "        // tour:end second",
                "        // notebook:begin third",
                "        // notebook:uses src/test/java/Helper.java#helper",
                "        int z = twice(2);",
                "        // notebook:end third",
                "        // tour:begin third",
                "        int c = z;",
                "        // tour:end third",
                "        // notebook:begin third.after",
                "        // notebook-only: c + 1",
                "        // notebook:end third.after",
                "        // tour:begin never",
                "        Hidden h = new Hidden();",
                "        // tour:end never",
                "    }",
                "}", ""));
    }

    private Path write(String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Path page(String... lines) throws IOException {
        return write("docs/tour/a.md", String.join("\n", lines) + "\n");
    }

    private static String include(String target, String language, String... body) {
        return "<!-- include: " + target + " -->\n```" + language + "\n" + String.join("\n", body) + "\n```";
    }

    @Test
    void proseBecomesMarkdownWithLinksThatResolveFromTheNotebooks() throws IOException {
        Path a = page("# A", "", "See ![x](figures/x.png), [B](b.md#part), [the index](README.md), [other](../other.md),",
                "[the web](https://example.org/x.md) and [below](#below).");
        TourNotebooks tour = new TourNotebooks(root);
        List<Cell> cells = tour.cells(a);
        assertEquals(2, cells.size(), cells.toString());
        assertTrue(cells.get(0).lines().get(0).contains("](../tour/a.md)"), "the header links the page: " + cells.get(0));
        assertEquals(List.of("# A", "", "See ![x](../tour/figures/x.png), [B](b.ipynb#part), [the index](../tour/README.md), [other](../other.md),",
                "[the web](https://example.org/x.md) and [below](#below)."), cells.get(1).lines());
        assertEquals(List.of(root.resolve("docs/tour/a.md"), root.resolve("docs/tour/b.md")), tour.pages(), "README.md has no notebook");
        assertEquals(root.resolve("docs/notebooks/a.ipynb"), tour.notebookOf(a));
    }

    @Test
    void aTestRegionIsACodeCellAfterTheSetupItNeedsAndEachHelperComesOnce() throws IOException {
        Path a = page("Text.", include("src/test/java/T.java#first", "java", "int a = 1;"),
                include("src/test/java/T.java#second", "java", "int b = x + y;"), "Between.",
                include("src/test/java/T.java#third", "java", "int c = z;"));
        List<Cell> cells = new TourNotebooks(root).cells(a);
        List<String> origins = cells.stream().map(c -> c.code() ? c.origin() + (c.setup() ? " (setup)" : "") : "markdown").toList();
        assertEquals(List.of("markdown", "markdown", "src/test/java/T.java#first", "src/test/java/Helper.java#helper (setup)",
                "src/test/java/T.java#second (setup)", "src/test/java/T.java#second", "markdown", "src/test/java/T.java#third (setup)",
                "src/test/java/T.java#third", "src/test/java/T.java#third.after (setup)"), origins);
        assertEquals(List.of("// notebook only, not on the page (src/test/java/T.java#third.after)", "c + 1"), cells.get(9).lines());
        assertEquals(List.of("int a = 1;"), cells.get(2).lines(), "exactly the region's code");
        assertEquals(List.of("// notebook only, not on the page (src/test/java/T.java#second)", "int x = twice(1);", "int y = 5;   // only the notebook"),
                cells.get(4).lines(), "uses lines and markers left out, notebook-only lines in");
        assertEquals(List.of("// notebook only, not on the page (src/test/java/Helper.java#helper)", "static int twice(int v) { return 2 * v; }"),
                cells.get(3).lines());
    }

    @Test
    void outputsListingsAndSkippedRegionsAreMarkdown() throws IOException {
        Path a = page("Output:", include("docs/tour/figures/out.txt", "text", "step 1: 0.5"), "Listing:",
                include("src/main/java/M.java#body", "java", "int m;"), include("src/test/java/T.java#never", "java", "Hidden h = new Hidden();"));
        List<Cell> cells = new TourNotebooks(root).cells(a);
        assertTrue(cells.stream().noneMatch(Cell::code), cells.toString());
        assertEquals(List.of("Output:"), cells.get(1).lines());
        assertEquals(List.of("Reference output: what the tests wrote to [`out.txt`](../tour/figures/out.txt):", "```text", "step 1: 0.5", "```"),
                cells.get(2).lines());
        assertEquals(List.of("Listing:", "```java", "int m;", "```", "```java", "Hidden h = new Hidden();", "```",
                "*Not run in this notebook: it needs a test-only class.*"), cells.get(3).lines());
    }

    @Test
    void aUseOfAMissingRegionOrAnOpenRegionIsAnErrorNamingTheFile() throws IOException {
        write("src/test/java/U.java", "// notebook:begin one\n// notebook:uses #missing\nint u;\n// notebook:end one\n// tour:begin one\nint v;\n// tour:end one\n"
                + "// notebook:begin two\nint w;\n// tour:begin two\nint x;\n// tour:end two\n");
        Path a = page(include("src/test/java/U.java#one", "java", "int v;"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TourNotebooks(root).cells(a));
        assertTrue(e.getMessage().contains("src/test/java/U.java has no region 'missing'"), e.getMessage());
        Path b = page(include("src/test/java/U.java#two", "java", "int x;"));
        e = assertThrows(IllegalArgumentException.class, () -> new TourNotebooks(root).cells(b));
        assertTrue(e.getMessage().contains("U.java:8: region 'two' never ends"), e.getMessage());
    }

    @Test
    void aMarkerWithoutAFencedBlockIsAnError() throws IOException {
        Path a = page("<!-- include: src/test/java/T.java#first -->", "no block");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TourNotebooks(root).cells(a));
        assertTrue(e.getMessage().contains("docs/tour/a.md:1"), e.getMessage());
    }
}
