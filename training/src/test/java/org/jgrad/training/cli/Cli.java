package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code ./jgrad} commands in the test's JVM and reads what a run wrote. */
final class Cli {
    private Cli() {}

    /** Runs {@code jgrad <args>}, asserts it succeeded; returns what it printed (stdout, then stderr). */
    static String run(String... args) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(), errors = new ByteArrayOutputStream();
        int code = Jgrad.run(args, new PrintStream(text, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8) + errors.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        return printed;
    }

    /** Runs {@code jgrad <args>}, asserts it failed with exit code 1; returns its error output. */
    static String fails(String... args) {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = Jgrad.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(errors, true, StandardCharsets.UTF_8));
        assertEquals(1, code, errors.toString(StandardCharsets.UTF_8));
        return errors.toString(StandardCharsets.UTF_8);
    }

    /** The value of {@code "final_<metric>"} in a run folder's metrics.json. */
    static double finalMetric(Path run, String metric) throws IOException {
        String json = Files.readString(run.resolve("metrics.json"));
        Matcher m = Pattern.compile("\"final_" + metric + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), "no final_" + metric + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
