package org.jgrad.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jgrad.training.cli.InfoCommand;

/**
 * The machine a report was measured on: CPU model (from /proc/cpuinfo, as {@code ./jgrad info} reads it) and cores, Java, the OS, the
 * engines and devices with their own descriptions (a GPU backend names its card there), the date, and
 * how busy the machine was ({@code load}: the load averages during the run, which say whether other
 * processes competed for the cores).
 */
public record Machine(String cpu, int cores, String java, String os, List<String> engines, String date, String load) {

    /** This JVM's machine, with the given engine descriptions and load. */
    public static Machine current(List<String> engines, String load) {
        return new Machine(InfoCommand.cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                List.copyOf(engines), ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), load);
    }

    /** The 1-minute load average from /proc/loadavg (processes running or waiting for a core), NaN where there is none. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
