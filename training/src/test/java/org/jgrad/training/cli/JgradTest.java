package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
