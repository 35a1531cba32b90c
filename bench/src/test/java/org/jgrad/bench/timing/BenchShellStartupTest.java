package org.jgrad.bench.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/** {@code ./jgrad shell} loads training's startup and then bench's: together they resolve, and Timeit runs. */
class BenchShellStartupTest {
    @Test
    void timeitIsImportedAndTimesAnOp() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("..", "training", "src", "main", "jshell", "startup.jsh")));
        lines.addAll(Files.readAllLines(Path.of("src", "main", "jshell", "bench.jsh")));
        lines.add("Timeit.repeats(2).withLoops(3).printingTo(null).time(() -> NDArray.zeros(2, 3).add(1)).toString()");
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(System.getProperty("java.class.path"));
            String last = null;
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("//")) continue;
                for (SnippetEvent e : shell.eval(line)) {
                    assertEquals(Snippet.Status.VALID, e.status(), line + ": " + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
                    last = e.value();
                }
            }
            assertTrue(last.endsWith("per loop (mean ± std. dev. of 2 runs, 3 loops each)\""), last);
        }
    }
}
