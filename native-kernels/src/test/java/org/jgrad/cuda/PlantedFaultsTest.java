package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The emulated device catches what it exists for. Each case builds the kernels with one planted
 * bug ({@code emulator/plant-fault.sh}), runs the conformance family that uses them in a process
 * of its own ({@link PlantedFaultRun}) with the broken library in front of the correct one, and
 * requires the run to fail with a message that names the broken kernel:
 *
 * <ul>
 *   <li>an off-by-one in the GEMM's edge tiles (column n stored too): the guard page after C, or a
 *       clobbered neighbour, stops the matmul cases;
 *   <li>a block reduction without the barrier between its halvings: the shuffled order of the
 *       block's fibers makes threads read partial sums that are not written yet;
 *   <li>a unary kernel that writes one element past its output: the guard page after the exact-size
 *       allocation faults at the first byte past the end, naming the thread and the offset;
 *   <li>AdamW's {@code 1 - lr * wd} without explicit rounding: the host build contracts it into an
 *       FMA as nvcc may, and the bit-exact comparison with the CPU fails at the (lr, wd) the
 *       optimizer conformance searched for.
 * </ul>
 */
@Tag("cuda")
class PlantedFaultsTest {
    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        "gemm-edge-tile, matmul, matmul_",
        "missing-barrier, reduce, reduce_",
        "write-past-output, unary, unary_",
        "fma-contraction, adam, adam_update_f64",
    })
    void thePlantedFaultFailsItsFamilyNamingTheKernel(String fault, String family, String kernelPrefix) throws Exception {
        assumeTrue(CudaAvailability.isEmulated() && CudaAvailability.unavailableReason() == null,
                () -> "the planted faults run on the emulated device only (-Djgrad.cuda.emulated=true, built): " + CudaAvailability.unavailableReason());
        Path emulator = CudaAvailability.emulatorDirectory().toAbsolutePath();
        Path target = emulator.getParent();
        Path library = plant(fault, target);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC",
                "-D" + CudaAvailability.EMULATED_PROPERTY + "=true", "-Djgrad.cuda.emulator.dir=" + emulator,
                "-cp", System.getProperty("java.class.path"), PlantedFaultRun.class.getName(), family));
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true);
        child.environment().put("JGRAD_EMULATOR_KERNELS", library + ":" + emulator.resolve("libjgrad-kernels-emulated.so"));
        child.environment().put("JGRAD_EMULATOR_QUIET", "1");
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the run ended");
        System.out.println(fault + ": " + lastLine(output));
        assertEquals(1, process.exitValue(), () -> "the " + family + " family must fail with " + fault + " planted:\n" + output);
        String failure = lastLine(output);
        assertTrue(failure.startsWith("FAILED: " + family), output);
        assertTrue(failure.contains(kernelPrefix), () -> "the failure names the kernel (" + kernelPrefix + "...): " + failure);
    }

    /** Builds the broken kernel library; its path. */
    private static Path plant(String fault, Path target) throws IOException, InterruptedException {
        Path script = Path.of("emulator", "plant-fault.sh").toAbsolutePath();
        Process build = new ProcessBuilder("bash", script.toString(), fault, target.toString()).redirectErrorStream(false).start();
        byte[] err = build.getErrorStream().readAllBytes();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES), "plant-fault.sh ended");
        assertEquals(0, build.exitValue(), () -> "plant-fault.sh " + fault + " failed:\n" + new String(err, StandardCharsets.UTF_8));
        Path library = Path.of(lastLine(out));
        assertTrue(Files.isRegularFile(library), library::toString);
        return library;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
