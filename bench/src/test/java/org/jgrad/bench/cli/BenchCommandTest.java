package org.jgrad.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ServiceLoader;
import org.jgrad.bench.harness.Plan;
import org.jgrad.bench.report.BenchReport;
import org.jgrad.bench.report.JsonReport;
import org.jgrad.training.cli.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on tiny sizes: the table, bench.json and the PNG charts are written. */
class BenchCommandTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void helpListsTheOptionsAndAnUnknownOneIsAnsweredWithThem() {
        String help = new BenchCommand().help().render();
        assertTrue(help.startsWith("usage: ./jgrad bench [options]"), help);
        for (String option : new String[] {"--quick", "--tiny", "--out DIR", "--device", "--dtype", "--peer", "--merge FILE", "--render FILE"})
            assertTrue(help.contains("  " + option), option + " in\n" + help);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BenchCommand().help().check(new String[] {"--qick"}));
        assertTrue(e.getMessage().startsWith("unknown option '--qick'; valid options: --quick, --tiny, --out DIR,"), e.getMessage());
    }

    @Test
    void tinyRunWritesTableJsonAndCharts() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new BenchCommand().run(new String[] {"--tiny", "--device", "cpu", "--out", dir.toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String log = bytes.toString(StandardCharsets.UTF_8);

        BenchReport report = JsonReport.read(dir.resolve("bench.json"));
        int cases = Plan.tiny().cases().size();
        assertEquals(2 * cases, report.results().size(), log); // float32 and float16
        assertTrue(report.results().stream().filter(r -> r.dtype().toString().equals("float32")).allMatch(r -> r.ran()), log);

        String md = Files.readString(dir.resolve("bench.md"));
        assertTrue(md.contains("| case | dtype | unit | jgrad@cpu |"), md);
        assertTrue(md.contains("| matmul 16 | float32 | GFLOP/s |"), md);
        assertTrue(md.contains("| train step (a) bs 2 | float32 | images/s |"), md);
        assertTrue(md.contains("- machine: "), md);

        for (String png : new String[] {"throughput.png", "cpu-vs-gpu.png"}) {
            assertTrue(md.contains("](" + png + ")"), png + " linked");
            byte[] head = Arrays.copyOf(Files.readAllBytes(dir.resolve(png)), 8);
            assertArrayEquals(PNG_SIGNATURE, head, png);
        }
    }

    @Test
    void renderRedrawsAnEarlierRunAndMergesAnother() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path first = dir.resolve("first");
        new BenchCommand().run(new String[] {"--tiny", "--dtype", "float32", "--device", "cpu", "--out", first.toString()}, quiet);
        Path again = dir.resolve("again");
        new BenchCommand().run(new String[] {"--render", first.resolve("bench.json").toString(), "--merge", first.resolve("bench.json").toString(),
                "--out", again.toString()}, quiet);
        BenchReport report = JsonReport.read(again.resolve("bench.json"));
        assertEquals(2 * Plan.tiny().cases().size(), report.results().size());
        assertEquals(1, report.merged().size());
    }

    @Test
    void theLauncherFindsBenchAsACommand() {
        boolean found = false;
        for (Command c : ServiceLoader.load(Command.class)) found |= c instanceof BenchCommand && c.name().equals("bench");
        assertTrue(found, "META-INF/services/org.jgrad.training.cli.Command lists BenchCommand");
    }
}
