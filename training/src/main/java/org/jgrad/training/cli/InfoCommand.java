package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jgrad.tensor.BackendProvider;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.cpu.CpuParallel;
import org.jgrad.tensor.cpu.Simd;

/** {@code jgrad info}: the Java runtime, the CPU, and every backend with its state. */
public final class InfoCommand {
    private InfoCommand() {}

    /** It takes no options. */
    static final CommandHelp HELP = new CommandHelp("info", "",
            "Java version, CPU (cores, SIMD width in use), every backend found and why any is unavailable", List.of(), List.of());

    static void run(PrintStream out) {
        out.println("jgrad " + version());
        out.println("java     " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"));
        out.println("cpu      " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available, "
                + CpuParallel.threads() + " used by jgrad (-Djgrad.threads)");
        String simdReason = Simd.unavailableReason();
        out.println("simd     " + (simdReason == null ? "Vector API in use" : "plain Java: " + simdReason));
        out.println("backends");
        out.println("  cpu    available: " + Backends.of(Device.CPU).describe());
        List<BackendProvider> providers = Backends.providers();
        boolean cudaSeen = false;
        for (BackendProvider p : providers) {
            cudaSeen |= p.type().equals("cuda");
            String reason = p.unavailableReason();
            out.println("  " + pad(p.type()) + (reason == null ? "available: " + p.deviceCount() + " device(s)" : "unavailable: " + reason));
            if (reason == null) describeDevices(out, p);
            for (String line : p.details()) out.println("    " + line);
        }
        if (!cudaSeen)
            out.println("  cuda   unavailable: no CUDA backend on the class path (the native-kernels module does not provide one yet); "
                    + "NVIDIA driver library libcuda.so.1 " + (driverLibraryFound() ? "found" : "not found"));
    }

    private static void describeDevices(PrintStream out, BackendProvider p) {
        for (int i = 0; i < p.deviceCount(); i++) {
            Device d = new Device(p.type(), i);
            try {
                out.println("    " + d + "  " + Backends.of(d).describe());
            } catch (RuntimeException e) {
                out.println("    " + d + "  cannot be opened: " + e.getMessage());
            }
        }
    }

    private static String pad(String s) {
        return (s + "       ").substring(0, Math.max(7, s.length() + 1));
    }

    private static String version() {
        String v = InfoCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    /** The "model name" line of /proc/cpuinfo, or the OS architecture where there is none. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static boolean driverLibraryFound() {
        String ld = System.getenv().getOrDefault("LD_LIBRARY_PATH", "");
        String dirs = ld + ":/usr/lib/x86_64-linux-gnu:/usr/lib64:/usr/lib:/usr/local/cuda/lib64:/usr/lib/wsl/lib";
        for (String dir : dirs.split(":"))
            if (!dir.isEmpty() && Files.exists(Path.of(dir, "libcuda.so.1"))) return true;
        return false;
    }
}
