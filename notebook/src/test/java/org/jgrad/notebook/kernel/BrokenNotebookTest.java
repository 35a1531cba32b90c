package org.jgrad.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.notebook.tour.Cell;
import org.jgrad.notebook.tour.Ipynb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook with a broken cell, run by scripts/run-notebooks.py through the jgrad kernel (as CI
 * runs the tour's notebooks), fails naming the notebook, the cell and jgrad's message.
 */
class BrokenNotebookTest {
    @Test
    void aCellWithMismatchedShapesFailsTheRunNamingNotebookAndCell(@TempDir Path dir) throws IOException, InterruptedException {
        NotebookRunner.requireNbclient();
        NotebookRunner.installKernel(dir.resolve("jupyter"));
        Path nb = dir.resolve("broken.ipynb");
        Files.writeString(nb, Ipynb.text(List.of(
                Cell.markdown(List.of("# A notebook with a broken cell")),
                Cell.code(List.of("NDArray a = NDArray.arange(6).reshape(2, 3);", "a.sum()"), "good", false),
                Cell.code(List.of("// the shapes do not broadcast", "NDArray b = a.add(NDArray.ones(4));"), "broken", false),
                Cell.code(List.of("System.out.println(\"never reached\");"), "after", false))));

        NotebookRunner.Run run = NotebookRunner.run(dir.resolve("jupyter"), 300, nb);

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains(nb + ": cell 2 (// the shapes do not broadcast): "), run.output());
        assertTrue(run.output().contains("(2, 3)") && run.output().contains("(4)"), "jgrad's message names the shapes:\n" + run.output());
        assertTrue(!run.output().contains("cell 1 (") && !run.output().contains("cell 3 ("), "only the broken cell is named:\n" + run.output());
    }
}
