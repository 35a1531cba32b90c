package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class JgradTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Jgrad.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void infoNamesJavaTheCpuAndEveryBackend() {
        assertEquals(0, run("info"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("java     " + System.getProperty("java.version")), text);
        assertTrue(text.contains("cpu    available"), text);
        assertTrue(text.matches("(?s).*cuda\\s+(available|unavailable: .+).*"), text);
    }

    @Test
    void demoMeasuresAMatmul() {
        assertEquals(0, run("demo", "--size", "64"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("GFLOP/s"));
    }

    @Test
    void badCommandsAndOptionsAreReported() {
        assertEquals(2, run("nonsense"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'nonsense'"));
        assertEquals(1, run("demo", "--size", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--size must be >= 1"));
    }

    @Test
    void fetchDataChecksItsArguments() {
        assertEquals(1, run("fetch-data"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("expected one data set name: mnist or fashion-mnist"));
        assertEquals(1, run("fetch-data", "cifar"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("jgrad fetch-data: unknown data set 'cifar'"));
        assertEquals(0, run("help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.matches("(?s).*fetch-data +mnist\\|fashion-mnist.*"), usage);   // usage aligns its columns
        assertTrue(usage.contains("  lr-find "), usage);
    }

    @Test
    void commandsFromOtherModulesAreFoundThroughServiceLoader() {
        assertEquals(0, run("echo-test", "hello", "world"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("hello world"));
        assertEquals(1, run("echo-test"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("jgrad echo-test: echo-test needs an argument"));
        assertEquals(0, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  echo-test   prints its arguments\n              (a second usage line)"));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandAnswersHelpAndDashHWithItsOwnUsage() {
        for (String command : List.of("train", "lr-find", "transfer", "fetch-data", "info", "demo", "echo-test")) {
            for (String ask : List.of("--help", "-h")) {
                out.reset();
                assertEquals(0, run(command, ask), command + " " + ask + ": " + err());
                assertTrue(out().startsWith("usage: ./jgrad " + command), command + " " + ask + ": " + out());
            }
        }
        out.reset();
        assertEquals(0, run("train", "--epochs", "3", "--help"));   // anywhere an option may stand
        assertTrue(out().contains("--epochs N") && out().contains("--lr X|auto") && out().contains("--data NAME|PATH"), out());
        out.reset();
        assertEquals(0, run("help", "lr-find"));
        assertTrue(out().startsWith("usage: ./jgrad lr-find") && out().contains("--num-it N"), out());
        out.reset();
        assertEquals(0, run("fetch-data", "-h"));
        assertTrue(out().startsWith("usage: ./jgrad fetch-data mnist|fashion-mnist"), out());
    }

    @Test
    void anUnknownOptionIsAnsweredWithTheValidOnes() {
        assertEquals(1, run("train", "--epoch", "3"));
        assertTrue(err().contains("jgrad train: unknown option '--epoch'; valid options: --epochs N, --lr X|auto,"), err());
        assertTrue(err().contains("--basic"), err());
        err.reset();
        assertEquals(1, run("transfer", "--subset", "10"));
        assertTrue(err().contains("jgrad transfer: --subset does not apply: the data sets are fixed; use --pretrain-subset"), err());   // refused with its reason
        err.reset();
        assertEquals(1, run("transfer", "--pretrain-subsets", "10"));
        assertTrue(err().contains("unknown option '--pretrain-subsets'") && err().contains("--pretrain-subset N"), err());
        err.reset();
        assertEquals(1, run("info", "--verbose"));
        assertTrue(err().contains("unknown option '--verbose'; info takes no options"), err());
        err.reset();
        assertEquals(1, run("train", "--lr"));
        assertTrue(err().contains("option --lr needs a value: --lr X|auto"), err());
        err.reset();
        assertEquals(1, run("demo", "--sizes", "5"));
        assertTrue(err().contains("unknown option '--sizes'; valid options: --size N, --help"), err());
    }

    /** Every option a command's --help lists is one its parser takes (no "unknown option" for it). */
    @Test
    void theHelpTablesMatchTheParsers() {
        java.util.Set<String> progressive = java.util.Set.of("--sweep", "--schedules", "--seeds"), lrFactor = java.util.Set.of("--sweep", "--factors", "--seeds");
        check(TrainCommand.HELP, args -> TrainCommand.Options.parse(SweepArguments.split(args, progressive).rest()));
        check(LrFindCommand.HELP, args -> LrFindCommand.Options.parse(args));
        check(TransferCommand.HELP, args -> TransferCommand.Options.parse(SweepArguments.split(args, lrFactor).rest()));
        // the sweeps' own options are parsed by SweepArguments, before the rest reaches the command's parser
        assertEquals("1", SweepArguments.split(new String[] {"--schedules", "1", "--bs", "8"}, progressive).own().get("--schedules"));
    }

    /** {@code train --diagnose} turns the loss diagnosis on; without it, it stays off. */
    @Test
    void trainTakesDiagnose() {
        org.junit.jupiter.api.Assertions.assertTrue(TrainCommand.Options.parse(new String[] {"--epochs", "2", "--diagnose"}).diagnose());
        org.junit.jupiter.api.Assertions.assertFalse(TrainCommand.Options.parse(new String[] {"--epochs", "2"}).diagnose());
        org.junit.jupiter.api.Assertions.assertTrue(TrainCommand.HELP.render().contains("--diagnose"), TrainCommand.HELP.render());
    }

    private static void check(CommandHelp help, Consumer<String[]> parse) {
        for (CommandHelp.Option o : help.options()) {
            String[] args = o.value() == null ? new String[] {o.name()} : new String[] {o.name(), "1"};
            try {
                parse.accept(args);
            } catch (IllegalArgumentException e) {
                if (e.getMessage().contains("unknown option")) fail(help.name() + " --help lists " + o.name() + ", its parser refuses it: " + e.getMessage());
            }
        }
    }
}
