package org.jgrad.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/run-notebooks.py on its own, through IPython's python3 kernel (no jgrad build involved):
 * one line per notebook that runs through, the notebook and cell named on a failure, the executed
 * notebooks kept with --output-dir, a kernel that does not exist named.
 */
class RunNotebooksScriptTest {
    /** A python3 notebook of code cells. */
    private static String notebook(String kernel, String... cells) {
        String json = List.of(cells).stream().map(c -> "{\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {}, \"outputs\": [], \"source\": \""
                + c.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"}").collect(Collectors.joining(", "));
        return "{\"cells\": [" + json + "], \"metadata\": {\"kernelspec\": {\"name\": \"" + kernel + "\", \"display_name\": \"k\", \"language\": \"python\"}},"
                + " \"nbformat\": 4, \"nbformat_minor\": 4}\n";
    }

    @Test
    void aBrokenCellIsNamedAndTheOtherNotebooksStillRun(@TempDir Path dir) throws IOException, InterruptedException {
        NotebookRunner.requireIpykernel();
        Path good = Files.writeString(dir.resolve("good.ipynb"), notebook("python3", "x = 1", "print(x + 1)"));
        Path broken = Files.writeString(dir.resolve("broken.ipynb"), notebook("python3", "x = 1", "y = x", "# broken\nz = y / 0", "print('never')"));
        Path out = dir.resolve("executed");

        NotebookRunner.Run run = NotebookRunner.run(dir, 120, List.of("--output-dir", out.toString(), broken.toString(), good.toString()));

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains(broken + ": cell 2 (# broken): ZeroDivisionError: division by zero"), run.output());
        assertTrue(run.output().contains("----> 2 z = y / 0"), "the traceback, without colours:\n" + run.output());
        assertTrue(run.output().contains(good + ": 2 cells (2 code) ran in "), run.output());
        assertTrue(!run.output().contains("never") && !run.output().contains("\u001b["), run.output());
        String executed = Files.readString(out.resolve("good.ipynb"));
        assertTrue(executed.contains("\"output_type\": \"stream\"") && executed.contains("\"2\\n\""), "the executed notebook keeps its output:\n" + executed);
    }

    @Test
    void aKernelThatDoesNotExistIsNamed(@TempDir Path dir) throws IOException, InterruptedException {
        NotebookRunner.requireNbclient();
        Path nb = Files.writeString(dir.resolve("nokernel.ipynb"), notebook("no-such-kernel", "x = 1"));
        NotebookRunner.Run run = NotebookRunner.run(dir, 120, nb);
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains(nb + ": kernel 'no-such-kernel': NoSuchKernel"), run.output());
    }
}
