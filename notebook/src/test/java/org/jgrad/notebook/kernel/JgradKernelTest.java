package org.jgrad.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.jgrad.notebook.eval.CellError;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cells as the kernel runs them, without Jupyter: code and magic lines in order, the last value
 * shown, jgrad's message and the cell line on an error, the four magics.
 */
class JgradKernelTest {
    private static JgradKernel kernel;

    @BeforeAll
    static void start() {
        kernel = KernelSessions.kernel();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void theCellsValueIsItsLastExpressionAndTheStartupImportsAreThere() {
        Object value = kernel.runCell("var a = NDArray.arange(6).reshape(2, 3);\nvar b = a.add(a);\nb.sum()");
        assertTrue(value instanceof NDArray, String.valueOf(value));
        assertEquals(30.0, ((NDArray) value).item());
        assertNull(kernel.runCell("int unused = 1;"), "a statement shows nothing");
        assertTrue(kernel.runCell("device") instanceof org.jgrad.tensor.Device, "notebook.jsh declares the default device");
    }

    @Test
    void anArrayShowsAsATableWithItsShapeDtypeAndDevice() {
        DisplayData d = (DisplayData) kernel.evalRaw("NDArray.arange(6).reshape(2, 3)");
        String html = (String) d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML);
        assertTrue(html.contains("shape (2, 3), int64, cpu") && html.contains("<td style=\"text-align: right\">5</td>"), html);
        assertTrue(((String) d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)).startsWith("tensor([[0, 1, 2]"));
    }

    @Test
    void aFailingOpShowsJgradsMessageAndTheCellLine() {
        CellError e = assertThrows(CellError.class, () -> kernel.runCell(
                "var x = NDArray.of(1.0, 2.0);\n\nvar y = x.matmul(NDArray.of(1.0, 2.0, 3.0));"));
        assertEquals("IllegalArgumentException", e.name());
        assertEquals("matmul: inner dimensions differ: a=(2) b=(3)", e.getMessage());
        assertTrue(e.lines().contains("at cell line 3: var y = x.matmul(NDArray.of(1.0, 2.0, 3.0));"), e.lines().toString());
        assertTrue(e.lines().stream().noneMatch(l -> l.contains("REPL") || l.contains("jdk.jshell")), "no JShell frames: " + e.lines());
    }

    @Test
    void aCompileErrorNamesTheCellLine() {
        CellError e = assertThrows(CellError.class, () -> kernel.runCell("int ok = 1;\nint bad = \"text\";"));
        assertEquals("CompileError", e.name());
        assertTrue(e.lines().get(0).startsWith("cell line 2: incompatible types"), e.lines().toString());
    }

    @Test
    void anErrorInAMethodOfTheCellNamesWhereItIsDefined() {
        CellError e = assertThrows(CellError.class, () -> kernel.runCell("int z = 0;\nvoid boom() {\n  throw new IllegalStateException(\"boom\");\n}\nboom();"));
        assertTrue(e.lines().contains("in boom, defined at cell line 2: void boom() {"), e.lines().toString());
    }

    @Test
    void magicLinesRunBetweenCodeInOrder() {
        String printed = stdout(() -> kernel.runCell("var m = NDArray.ones(64, 64);\n%timeit -n 3 -r 2 m.matmul(m)\nint after = 2;\nafter * 21"));
        assertTrue(printed.matches("(?s).* per loop \\(mean ± std\\. dev\\. of 2 runs, 3 loops each\\)\\s*"), printed);
        assertEquals(42, kernel.runCell("after * 21"));
    }

    @Test
    void timeitTakesAVoidCallWithACheckedException() {
        String printed = stdout(() -> kernel.runCell("%timeit -n 2 -r 2 Thread.sleep(1)   // a comment after the expression"));
        assertTrue(printed.contains("per loop (mean ± std. dev. of 2 runs, 2 loops each)"), printed);
    }

    @Test
    void badMagicsAreRefusedWithTheirValues() {
        CellError unknown = assertThrows(CellError.class, () -> kernel.runCell("int q = 1;\n%lsmagic"));
        assertTrue(unknown.getMessage().contains("%lsmagic is not a magic of the jgrad kernel; there are %timeit, %memory, %empty_cache, %device"));
        assertTrue(unknown.lines().contains("at cell line 2: %lsmagic"), unknown.lines().toString());
        assertTrue(assertThrows(CellError.class, () -> kernel.runCell("%timeit -n zero 1 + 1")).getMessage()
                .contains("%timeit -n must be a whole number >= 1, got 'zero'"));
        assertTrue(assertThrows(CellError.class, () -> kernel.runCell("%timeit")).getMessage().contains("%timeit needs an expression"));
        assertTrue(assertThrows(CellError.class, () -> kernel.runCell("%device tpu")).getMessage()
                .startsWith("%device tpu: device tpu:0 is unavailable"));
    }

    @Test
    void anInterruptStopsAFitAfterItsBatchWithAMessage() throws Exception {
        String cell = String.join("\n",
                "var g = new Generator(0);",
                "var x = NDArray.randn(g, DType.FLOAT32, 256, 2);",
                "var data = new TensorDataset(x, x.select(1, 0).gt(0).to(DType.INT64));",
                "Learner endless = new Learner(DataLoaders.of(data, data, 32, 0), new Sequential(new Linear(2, 2)),",
                "        new CrossEntropyLoss()::forward, groups -> new Sgd(groups, 0.1, 0, 0, 0, false), List.of());",
                "endless.fit(1_000_000, 0.1);");
        java.util.concurrent.CompletableFuture<Object> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> kernel.runCell(cell));
        while (!run.isDone()) {   // an interrupt lands once the cell's code runs (not while JShell compiles it)
            kernel.interrupt();
            Thread.sleep(50);
        }
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class, run::get);
        CellError error = (CellError) e.getCause();
        assertEquals("FitInterrupted", error.name(), error.lines().toString());
        assertTrue(error.getMessage().startsWith("fit interrupted after batch "), error.getMessage());
        assertTrue(error.lines().contains("at cell line 6: endless.fit(1_000_000, 0.1);"), error.lines().toString());
        assertEquals(2, kernel.runCell("1 + 1"), "the kernel goes on");
    }

    @Test
    void deviceShowsAndSetsTheDefaultDevice() {
        String shown = (String) kernel.runCell("%device cpu");
        assertTrue(shown.startsWith("default device: cpu (the variable device)\navailable: cpu"), shown);
        assertEquals(org.jgrad.tensor.Device.CPU, kernel.runCell("device"));
    }

    @Test
    void onTheEmulatedDeviceMemoryShowsItsAllocatorAndEmptyCacheReturnsTheCache() {
        String set = (String) kernel.runCell("%device cuda");
        assertTrue(set.startsWith("default device: cuda:0") && set.contains("cuda:0 (emulated on the host: never GPU timings)"), set);
        try {
            kernel.runCell("var onDevice = NDArray.ones(512, 512).to(device);\nvar doubled = onDevice.add(onDevice);");
            String memory = (String) kernel.runCell("%memory");
            java.util.regex.Matcher row = java.util.regex.Pattern.compile("cuda:0 +([0-9.]+) MiB +([0-9.]+) MiB +([0-9.]+) MiB").matcher(memory);
            assertTrue(row.find(), memory);
            assertTrue(Double.parseDouble(row.group(1)) >= 2.0, "two 1 MiB arrays live: " + memory);
            kernel.runCell("onDevice = null;\ndoubled = null;");
            String emptied = (String) kernel.runCell("%empty_cache");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("cuda:0: reserved ([0-9.]+) MiB -> ([0-9.]+) MiB").matcher(emptied);
            assertTrue(m.find(), emptied);
            assertTrue(Double.parseDouble(m.group(2)) < Double.parseDouble(m.group(1)), "the cached blocks went back: " + emptied);
        } finally {
            kernel.runCell("%device cpu");
        }
    }

    @Test
    void memoryReportsEveryDeviceAndEmptyCacheCollects() {
        String memory = (String) kernel.runCell("%memory");
        assertTrue(memory.startsWith("device      allocated     reserved         peak\ncpu "), memory);
        assertTrue(memory.contains("cuda"), "the CUDA row or why there is none: " + memory);
        assertTrue(((String) kernel.runCell("%empty_cache")).contains("garbage collected; Java heap used"));
    }

    private static String stdout(Supplier<Object> run) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            run.get();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
