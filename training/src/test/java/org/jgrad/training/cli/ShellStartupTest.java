package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/** The imports {@code ./jgrad shell} starts with all resolve, and a learner's first line works. */
class ShellStartupTest {
    @Test
    void startupImportsResolveAndTensorsPrint() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src", "main", "jshell", "startup.jsh"));
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(System.getProperty("java.class.path"));
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("//")) continue;
                for (SnippetEvent e : shell.eval(line))
                    assertEquals(Snippet.Status.VALID, e.status(), line + ": " + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
            List<SnippetEvent> events = shell.eval("NDArray.zeros(2, 3).add(1).toString()");
            String value = events.get(events.size() - 1).value();
            assertTrue(value.contains("shape=(2, 3), dtype=float32"), value);
        }
    }
}
