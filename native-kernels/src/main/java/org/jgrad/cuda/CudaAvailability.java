package org.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.file.Files;
import java.nio.file.Path;
import jcuda.CudaException;
import jcuda.driver.JCudaDriver;

/**
 * Decides once per process whether CUDA can be used, and if not, says why in one line. No GPU
 * is a normal state: without {@code libcuda.so.1} the first touch of {@link JCudaDriver} throws
 * {@link UnsatisfiedLinkError} (later touches {@link NoClassDefFoundError}), so this is the only
 * place that touches it first, catching {@link LinkageError}.
 *
 * <p>The reasons, in the order checked: the kernels were not built (no nvcc at build time); the
 * emulated device was asked for and is not built; no driver library; the driver failed to
 * initialize; no device; a driver older than the CUDA 13.0 toolkit the kernels were compiled with.
 *
 * <p><b>The emulated device.</b> With {@code -Djgrad.cuda.emulated=true} the process uses the
 * stand-in driver library of {@code native-kernels/emulator} instead of NVIDIA's: it is loaded
 * before JCuda's {@code libJCudaDriver}, and since its soname is {@code libcuda.so.1} the dynamic
 * linker binds JCuda to it (a library already loaded under a soname satisfies later dependencies
 * on that name). It runs the project's own kernels compiled for the host, keeps the driver's rules
 * and an H100's limits, and names itself "emulated" wherever a device is shown. Its folder is
 * {@code -Djgrad.cuda.emulator.dir}, by default {@code emulator/} beside the folder or jar these
 * classes come from ({@code native-kernels/target/emulator}). It proves kernels, launches and
 * driver rules, never speed.
 */
public final class CudaAvailability {
    /** CUDA 13.0 as {@code cuDriverGetVersion} encodes it (1000 · major + 10 · minor). */
    static final int REQUIRED_DRIVER_VERSION = 13000;

    /** The switch that selects the emulated device. */
    public static final String EMULATED_PROPERTY = "jgrad.cuda.emulated";
    private static final boolean EMULATED = Boolean.getBoolean(EMULATED_PROPERTY);

    private static final Result RESULT = probe();

    private record Result(String reason, int deviceCount, int driverVersion) {}

    private CudaAvailability() {}

    /** Null when CUDA is usable, else one line saying why not. */
    public static String unavailableReason() {
        return RESULT.reason;
    }

    /** Number of CUDA devices; 0 when unavailable. */
    public static int deviceCount() {
        return RESULT.reason == null ? RESULT.deviceCount : 0;
    }

    /** Whether CUDA here is the emulated device ({@code -Djgrad.cuda.emulated=true}): its timings are never GPU figures. */
    public static boolean isEmulated() {
        return EMULATED;
    }

    /** The emulated device's folder: libcuda.so.1 and the kernel library built for the host. */
    static Path emulatorDirectory() {
        String configured = System.getProperty("jgrad.cuda.emulator.dir");
        if (configured != null) return Path.of(configured);
        try {
            Path classes = Path.of(CudaAvailability.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("emulator");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("native-kernels", "target", "emulator");
        }
    }

    /** The driver's CUDA version as "13.0", or "none". */
    public static String driverVersion() {
        int v = RESULT.driverVersion;
        return v <= 0 ? "none" : (v / 1000) + "." + (v % 1000) / 10;
    }

    private static Result probe() {
        if (KernelModule.class.getResource(KernelModule.RESOURCE) == null)
            return new Result("the CUDA kernels were not built (nvcc was not found when jgrad was built)", 0, 0);
        if (EMULATED) {
            String reason = loadEmulator();
            if (reason != null) return new Result(reason, 0, 0);
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
        } catch (LinkageError e) {
            return new Result("no CUDA driver: " + rootMessage(e), 0, 0);
        } catch (CudaException e) {
            return new Result("the CUDA driver failed to initialize: " + e.getMessage(), 0, 0);
        }
        try {
            int[] version = {0};
            cuDriverGetVersion(version);
            int[] count = {0};
            cuDeviceGetCount(count);
            if (count[0] == 0) return new Result("the CUDA driver found no device", 0, version[0]);
            if (version[0] < REQUIRED_DRIVER_VERSION)
                return new Result("the driver supports CUDA " + version[0] / 1000 + "." + (version[0] % 1000) / 10
                        + " but the kernels were built with CUDA 13.0: update the driver (580 or newer)", count[0], version[0]);
            return new Result(null, count[0], version[0]);
        } catch (CudaException | LinkageError e) {
            return new Result("CUDA device query failed: " + e.getMessage(), 0, 0);
        }
    }

    /** Loads the emulated device's driver library ahead of JCuda's; null when it is loaded, else why not. */
    private static String loadEmulator() {
        Path library = emulatorDirectory().resolve("libcuda.so.1").toAbsolutePath();
        if (!Files.isRegularFile(library))
            return "the emulated CUDA device was asked for (-D" + EMULATED_PROPERTY + "=true) but " + library
                    + " does not exist: build native-kernels where g++ and the CUDA headers are installed";
        try {
            System.load(library.toString());
            return null;
        } catch (UnsatisfiedLinkError e) {
            return "the emulated CUDA device's driver library " + library + " cannot be loaded: " + e.getMessage();
        }
    }

    /** JCuda's message nests the loader's; the line naming libcuda.so.1 is the one that explains. */
    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
        String text = all.toString();
        if (text.contains("libcuda.so.1")) return "libcuda.so.1 cannot be loaded (no NVIDIA driver is installed)";
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
