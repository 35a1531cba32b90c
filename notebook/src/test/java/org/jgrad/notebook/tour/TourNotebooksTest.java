package org.jgrad.notebook.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks under docs/notebooks are what {@link TourNotebooks} generates from the
 * pages and test sources now; with {@code -Djgrad.refreshNotebooks=true} the test rewrites them instead.
 */
class TourNotebooksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyCommittedNotebookIsWhatTheGeneratorWrites() throws IOException {
        TourNotebooks tour = new TourNotebooks(ROOT);
        if (Boolean.getBoolean("jgrad.refreshNotebooks")) tour.refresh().forEach(p -> System.out.println("wrote " + ROOT.relativize(p)));
        Map<Path, String> generated = tour.generate();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, String> e : generated.entrySet()) {
            Path nb = e.getKey();
            String name = ROOT.relativize(nb).toString();
            if (!Files.exists(nb)) problems.add(name + " is missing");
            else {
                String committed = Files.readString(nb);
                if (!committed.equals(e.getValue())) problems.add(name + " is stale: " + StaleNotebook.firstDifference(committed, e.getValue()));
            }
        }
        try (Stream<Path> files = Files.list(tour.notebookDir())) {
            files.filter(p -> p.toString().endsWith(".ipynb") && !generated.containsKey(p))
                    .forEach(p -> problems.add(ROOT.relativize(p) + " has no tour page (docs/tour/" + p.getFileName().toString().replace(".ipynb", ".md") + "): remove it"));
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems) + "\n\n" + TourNotebooks.HOW_TO_REFRESH);
    }

    @Test
    void everyPageHasANotebookWithCodeCellsForTheJgradKernel() {
        TourNotebooks tour = new TourNotebooks(ROOT);
        assertTrue(tour.pages().size() >= 9, "the tour's pages: " + tour.pages());
        for (Path page : tour.pages()) {
            JsonObject nb = JsonParser.parseString(Ipynb.text(tour.cells(page))).getAsJsonObject();
            assertEquals("jgrad", nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());
            assertEquals(4, nb.get("nbformat").getAsInt());
            assertEquals(5, nb.get("nbformat_minor").getAsInt());
            JsonArray cells = nb.getAsJsonArray("cells");
            long code = cells.asList().stream().filter(c -> c.getAsJsonObject().get("cell_type").getAsString().equals("code")).count();
            assertTrue(code > 0 || page.getFileName().toString().startsWith("3b-"), page + " has no code cell");
        }
    }

    @Test
    void aChangedCellIsNamedByIndexAndFirstLine() {
        String a = Ipynb.text(List.of(Cell.markdown(List.of("# Title")), Cell.code(List.of("int x = 1;", "x + 1"), "t.java#r", false)));
        String b = Ipynb.text(List.of(Cell.markdown(List.of("# Title")), Cell.code(List.of("int x = 2;", "x + 1"), "t.java#r", false)));
        String message = StaleNotebook.firstDifference(a, b);
        assertTrue(message.contains("cell 1") && message.contains("int x = 1;") && message.contains("int x = 2;"), message);
        String later = Ipynb.text(List.of(Cell.markdown(List.of("# Title")), Cell.code(List.of("int x = 1;", "x + 2"), "t.java#r", false)));
        message = StaleNotebook.firstDifference(a, later);
        assertTrue(message.contains("its line 2, committed: x + 1") && message.contains("its line 2, generated: x + 2"), message);
        String shorter = Ipynb.text(List.of(Cell.markdown(List.of("# Title"))));
        message = StaleNotebook.firstDifference(shorter, a);
        assertTrue(message.contains("cell 1") && message.contains("only in the generated"), message);
        assertTrue(StaleNotebook.firstDifference("{ not json", a).contains("not a notebook"), StaleNotebook.firstDifference("{ not json", a));
    }
}
