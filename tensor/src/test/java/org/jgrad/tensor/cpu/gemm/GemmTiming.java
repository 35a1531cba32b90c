package org.jgrad.tensor.cpu.gemm;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jgrad.tensor.cpu.CpuParallel;

/**
 * Standalone timing (not a unit test): GFLOP/s = 2·m·n·k / median seconds of square float32 GEMMs for
 * the Vector API and plain Java paths, on the calling thread only and on all
 * {@link CpuParallel#threads()} threads.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseSerialGC \
 *      -cp tensor/target/classes:tensor/target/test-classes org.jgrad.tensor.cpu.gemm.GemmTiming [sizes...]
 * </pre>
 * The last column times the single-threaded run by the thread's CPU time instead of the wall clock.
 * Optional system properties: {@code -Dpaths=vector,plain}, {@code -Drepeats=N}, {@code -Ddouble=true}
 * (also time dgemm on the vector path).
 */
public final class GemmTiming {
    private GemmTiming() {}

    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {256, 512, 1024, 2048};
        String[] paths = System.getProperty("paths", "vector,plain").split(",");
        int repeats = Integer.getInteger("repeats", 7);
        System.out.printf("facade: %s; threads: %d; %s%n", Gemm.implementation(), CpuParallel.threads(), loadAverage());
        System.out.printf("%-8s %6s %12s %12s %16s%n", "path", "size", "1 thread", CpuParallel.threads() + " threads",
                "1 thread (cpu)");
        for (String path : paths) {
            GemmProvider provider = path.equals("vector") ? new VectorGemmProvider() : new PlainGemmProvider();
            // Let C2 compile the kernels on a small problem before anything is measured.
                        gflops(provider.floats(), 192, false, 1, 2_000_000_000L);
            gflops(provider.floats(), 192, true, 1, 1_000_000_000L);
            for (int s : sizes) {
                int reps = path.equals("plain") && s >= 2048 ? 3 : repeats;
                double one = gflops(provider.floats(), s, false, reps, WARMUP_NANOS);
                double all = gflops(provider.floats(), s, true, reps, WARMUP_NANOS);
                cpuTime = true;
                double cpu = gflops(provider.floats(), s, false, reps, WARMUP_NANOS / 3);
                cpuTime = false;
                System.out.printf("%-8s %6d %12.1f %12.1f %16.1f%n", path, s, one, all, cpu);
            }
        }
        System.out.println(loadAverage());
        if (Boolean.getBoolean("double")) {
            FloatOrDouble.timeDouble(new DoubleGemm(), sizes, repeats);
        }
    }

    /** Other work on the machine skews the numbers; say how much there was. */
    private static String loadAverage() {
        try {
            return "load average " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "load average unknown";
        }
    }

    private static final long WARMUP_NANOS = 300_000_000L;

    private static double gflops(FloatGemm gemm, int s, boolean parallel, int repeats, long warmupNanos) {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] a = new float[s * s], b = new float[s * s], c = new float[s * s];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble();
            b[i] = (float) rnd.nextDouble();
        }
        Runnable call = () -> gemm.gemm(false, false, s, s, s, a, 0, s, b, 0, s, c, 0, s, false, parallel);
        return 2.0 * s * s * s / medianSeconds(call, s, repeats, warmupNanos) * 1e-9;
    }

    /**
     * When set, single-threaded runs are timed by the thread's CPU time rather than the wall clock,
     * which is less disturbed by other processes on a busy machine.
     */
    private static boolean cpuTime;

    private static long now() {
        return cpuTime ? java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    }

    static double medianSeconds(Runnable call, int s, int repeats, long warmupNanos) {
        long warmStart = System.nanoTime();
        for (int i = 0; i < 2 || System.nanoTime() - warmStart < warmupNanos; i++) call.run();
        double[] t = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = now();
            int inner = Math.max(1, (int) (64L * 64 * 64 * 64 / ((long) s * s * s)));
            for (int i = 0; i < inner; i++) call.run();
            t[r] = (now() - t0) * 1e-9 / inner;
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }

    /** dgemm timing, kept apart so the float table stays the default. */
    private static final class FloatOrDouble {
        static void timeDouble(DoubleGemm gemm, int[] sizes, int repeats) {
            for (int s : sizes) {
                double[] a = new double[s * s], b = new double[s * s], c = new double[s * s];
                Arrays.fill(a, 0.5);
                Arrays.fill(b, 0.25);
                double[] g = new double[2];
                for (int par = 0; par < 2; par++) {
                    boolean parallel = par == 1;
                    Runnable call = () -> gemm.gemm(false, false, s, s, s, a, 0, s, b, 0, s, c, 0, s, false, parallel);
                    g[par] = 2.0 * s * s * s / medianSeconds(call, s, repeats, WARMUP_NANOS) * 1e-9;
                }
                System.out.printf("%-8s %6d %12.1f %12.1f%n", "dvector", s, g[0], g[1]);
            }
        }
    }
}
