package org.jgrad.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page under docs/ shows exactly the code the tests run and the outputs they wrote
 * ({@link DocIncludes}); and the checker itself notices drift, dangling markers and broken links.
 */
class TourPagesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyPageQuotesItsSourcesExactly() {
        List<String> problems = DocIncludes.problems(ROOT);
        assertTrue(problems.isEmpty(), problems.size() + " problem(s) in the pages under docs/:\n\n"
                + String.join("\n\n", problems) + "\n\n" + DocIncludes.HOW_TO_REFRESH);
    }

    @Test
    void everyTourPageIncludesCodeAndTheIndexLinksIt() throws IOException {
        String index = Files.readString(ROOT.resolve("docs/tour/README.md"));
        for (Path page : DocIncludes.pages(ROOT)) {
            if (!page.getParent().endsWith("tour") || page.endsWith("README.md")) continue;
            assertTrue(DocIncludes.check(ROOT, page).includes() > 0, page + " shows no code from the tests");
            assertTrue(index.contains("(" + page.getFileName() + ")"), "docs/tour/README.md does not link " + page.getFileName());
        }
    }

    @Test
    void aStaleBlockIsReportedWithADiffAndRefreshed(@TempDir Path root) throws IOException {
        write(root, "src/Example.java", "class Example {\n    void f() {\n        // tour:begin body\n        int x = 1;\n        int y = x + 1;\n        // tour:end body\n    }\n}\n");
        Path page = write(root, "docs/page.md", "Text.\n\n<!-- include: src/Example.java#body -->\n```java\nint x = 1;\nint y = x + 2;\n```\n");

        DocIncludes.Checked c = DocIncludes.check(root, page);
        assertEquals(1, c.problems().size(), c.problems().toString());
        String problem = c.problems().get(0);
        assertTrue(problem.contains("docs/page.md:3") && problem.contains("  - int y = x + 2;") && problem.contains("  + int y = x + 1;"), problem);
        assertEquals("Text.\n\n<!-- include: src/Example.java#body -->\n```java\nint x = 1;\nint y = x + 1;\n```\n", c.refreshed());

        Files.writeString(page, c.refreshed());
        assertTrue(DocIncludes.check(root, page).problems().isEmpty());
    }

    @Test
    void aMarkerThatPointsAtNothingFails(@TempDir Path root) throws IOException {
        write(root, "src/Example.java", "// tour:begin a\nint a;\n// tour:end a\n// tour:begin open\nint b;\n");
        Path page = write(root, "docs/page.md", String.join("\n",
                "<!-- include: src/Missing.java#a -->", "```java", "```",
                "<!-- include: src/Example.java#b -->", "```java", "```",
                "<!-- include: src/Example.java#open -->", "```java", "```",
                "<!-- include: src/Example.java#a -->", "no block here", "![figure](figures/none.png)", ""));

        List<String> problems = DocIncludes.check(root, page).problems();
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("no file src/Missing.java"), problems.get(0));
        assertTrue(problems.get(1).contains("has no region 'b'"), problems.get(1));
        assertTrue(problems.get(2).contains("never ends region 'open'"), problems.get(2));
        assertTrue(problems.get(3).contains("not followed by a fenced block"), problems.get(3));
        assertTrue(problems.get(4).contains("broken link to figures/none.png"), problems.get(4));
    }

    @Test
    void aWholeFileIsIncludedWithoutAName(@TempDir Path root) throws IOException {
        write(root, "docs/figures/out.txt", "step 1: 0.5\nstep 2: 0.25\n");
        Path page = write(root, "docs/page.md", "<!-- include: docs/figures/out.txt -->\n```text\nstep 1: 0.5\nstep 2: 0.25\n```\n");
        assertTrue(DocIncludes.check(root, page).problems().isEmpty());
    }

    private static Path write(Path root, String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }
}
