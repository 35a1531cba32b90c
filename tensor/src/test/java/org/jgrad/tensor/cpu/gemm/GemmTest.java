package org.jgrad.tensor.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks both GEMM paths (Vector API and plain Java) against a float64 triple loop over many shapes,
 * all transpose combinations, padded leading dimensions, nonzero offsets and both accumulate modes,
 * and checks that nothing outside the m×n block of C is written.
 */
class GemmTest {
    private static final int[] SIZES = {0, 1, 2, 3, 7, 16, 17, 31, 64, 100, 129, 300};
    private static final float SENTINEL = -12345.5f;

    static Stream<Arguments> pathsAndTransposes() {
        List<Arguments> args = new ArrayList<>();
        for (String path : new String[] {"vector", "vector8x2", "plain"}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) args.add(Arguments.of(path, ta, tb));
            }
        }
        return args.stream();
    }

    /** "vector": the Vector API path as chosen for this machine; "vector8x2": its 8×2 kernel; "plain". */
    private static GemmProvider provider(String path) {
        return path.equals("plain") ? new PlainGemmProvider() : new VectorGemmProvider();
    }

    private static FloatGemm floats(String path) {
        return path.equals("vector8x2") ? new FloatGemm(new VectorFloatKernel(), 256, 192, 4096) : provider(path).floats();
    }

    /** A random float problem with padded leading dimensions and offsets. */
    private static final class Problem {
        final boolean ta, tb, accumulate;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final float[] a, b, c0;

        Problem(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k, boolean accumulate) {
            this.ta = ta;
            this.tb = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
            int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
            aOff = rnd.nextInt(8);
            lda = aCols + rnd.nextInt(4);
            bOff = rnd.nextInt(8);
            ldb = bCols + rnd.nextInt(4);
            cOff = rnd.nextInt(8);
            ldc = n + rnd.nextInt(4);
            a = random(rnd, aOff + aRows * lda + 3);
            b = random(rnd, bOff + bRows * ldb + 3);
            c0 = new float[cOff + m * ldc + 3];
            java.util.Arrays.fill(c0, SENTINEL);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) c0[cOff + i * ldc + j] = (float) (rnd.nextDouble() * 2 - 1);
            }
        }

        double opA(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        double opB(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] run(GemmDriver<float[]> gemm, boolean parallel) {
            float[] c = c0.clone();
            gemm.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, parallel);
            return c;
        }

        /** Compares against a float64 reference with an error bound that grows like sqrt(k). */
        void check(float[] c, String what) {
            boolean[] inside = new boolean[c.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOff + i * ldc + j;
                    inside[at] = true;
                    double sum = accumulate ? c0[at] : 0.0, mag = accumulate ? Math.abs(c0[at]) : 0.0;
                    for (int p = 0; p < k; p++) {
                        double t = opA(i, p) * opB(p, j);
                        sum += t;
                        mag += Math.abs(t);
                    }
                    double tol = 1e-5 * Math.sqrt(k + 1.0) * mag + 1e-30;
                    if (!(Math.abs(c[at] - sum) <= tol)) {
                        fail(what + ": C[" + i + "][" + j + "] = " + c[at] + ", expected " + sum + " ± " + tol);
                    }
                }
            }
            for (int at = 0; at < c.length; at++) {
                if (!inside[at] && c[at] != SENTINEL) fail(what + ": wrote outside C at index " + at);
            }
        }

        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " accumulate=" + accumulate;
        }
    }

    private static float[] random(SplittableRandom rnd, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("pathsAndTransposes")
    void sgemmMatchesReferenceOnAllShapes(String path, boolean ta, boolean tb) {
        FloatGemm gemm = floats(path);
        SplittableRandom rnd = new SplittableRandom(42 + (ta ? 1 : 0) + (tb ? 2 : 0));
        int count = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    // Keep the cubic reference affordable: at most one dimension of 300.
                    if ((m == 300 ? 1 : 0) + (n == 300 ? 1 : 0) + (k == 300 ? 1 : 0) > 1) continue;
                    Problem pr = new Problem(rnd, ta, tb, m, n, k, (count++ & 1) == 1);
                    pr.check(pr.run(gemm, true), path + " " + pr);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("pathsAndTransposes")
    void sgemmLargeBothAccumulateModes(String path, boolean ta, boolean tb) {
        FloatGemm gemm = floats(path);
        SplittableRandom rnd = new SplittableRandom(7);
        for (boolean acc : new boolean[] {false, true}) {
            Problem pr = new Problem(rnd, ta, tb, 300, 300, 300, acc);
            pr.check(pr.run(gemm, true), path + " " + pr);
            // More than one k block and more than one n block of the vector path's blocking.
            pr = new Problem(rnd, ta, tb, 67, 4200, 530, acc);
            pr.check(pr.run(gemm, true), path + " " + pr);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void resultDoesNotDependOnThreading(String path) {
        FloatGemm gemm = floats(path);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] shape : new int[][] {{300, 257, 300}, {5, 2000, 300}, {1000, 7, 300}}) {
            Problem pr = new Problem(rnd, false, true, shape[0], shape[1], shape[2], false);
            assertArrayEquals(pr.run(gemm, false), pr.run(gemm, true), path + " " + pr);
        }
    }

    /**
     * A column of C comes out bit-identical wherever it sits, in a full tile or a ragged edge tile
     * and whatever columns share the call: k = 530 spans three k blocks, so an edge tile that
     * started from zero and added its sum afterwards would round differently from a full tile that
     * accumulates onto C. (conv2d relies on this when it puts a varying number of samples in one GEMM.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void columnsDoNotDependOnTheirNeighbours(String path) {
        FloatGemm gemm = floats(path);
        SplittableRandom rnd = new SplittableRandom(11);
        int m = 13, k = 530, n = 75;
        float[] a = random(rnd, m * k), b = random(rnd, k * n), whole = new float[m * n];
        gemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, whole, 0, n, false, false);
        for (int first : new int[] {1, 5, 40}) {
            int cols = n - first;
            float[] part = new float[m * cols];
            gemm.gemm(false, false, m, cols, k, a, 0, k, b, first, n, part, 0, cols, false, false);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(whole[i * n + first + j], part[i * cols + j], path + ": C[" + i + "][" + (first + j) + "] computed from column " + first + " on");
                }
            }
        }
    }

    static Stream<String> paths() {
        return Stream.of("vector", "vector8x2", "plain");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void zeroKClearsOrKeepsC(String path) {
        FloatGemm gemm = floats(path);
        float[] c = {Float.NaN, 2, 3, 4};
        gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true, true);
        assertTrue(Float.isNaN(c[0]));
        assertEquals(4f, c[3]);
        gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false, true);
        assertArrayEquals(new float[4], c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void overwriteIgnoresNaNInC(String path) {
        FloatGemm gemm = floats(path);
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8}, c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        gemm.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false, true);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("pathsAndTransposes")
    void dgemmMatchesReference(String path, boolean ta, boolean tb) {
        if (!path.equals("vector")) return; // one float64 implementation, whatever the float path
        DoubleGemm gemm = new DoubleGemm();
        SplittableRandom rnd = new SplittableRandom(11);
        int[] sizes = {0, 1, 3, 17, 64, 129, 300};
        int count = 0;
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : sizes) {
                    boolean acc = (count++ & 1) == 1;
                    int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5), cOff = rnd.nextInt(5);
                    int lda = (ta ? m : k) + rnd.nextInt(3), ldb = (tb ? k : n) + rnd.nextInt(3), ldc = n + rnd.nextInt(3);
                    double[] a = new double[aOff + (ta ? k : m) * lda + 1], b = new double[bOff + (tb ? n : k) * ldb + 1];
                    double[] c = new double[cOff + m * ldc + 1];
                    for (int i = 0; i < a.length; i++) a[i] = rnd.nextDouble() - 0.5;
                    for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble() - 0.5;
                    for (int i = 0; i < c.length; i++) c[i] = rnd.nextDouble() - 0.5;
                    double[] c0 = c.clone();
                    gemm.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc, true);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            int at = cOff + i * ldc + j;
                            double sum = acc ? c0[at] : 0, mag = Math.abs(sum);
                            for (int p = 0; p < k; p++) {
                                double t = (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p])
                                        * (tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                                sum += t;
                                mag += Math.abs(t);
                            }
                            double tol = 1e-13 * Math.sqrt(k + 1.0) * mag + 1e-300;
                            if (!(Math.abs(c[at] - sum) <= tol)) {
                                fail(path + " dgemm m=" + m + " n=" + n + " k=" + k + " acc=" + acc
                                        + ": C[" + i + "][" + j + "] = " + c[at] + ", expected " + sum);
                            }
                            c[at] = c0[at];
                        }
                    }
                    assertArrayEquals(c0, c, "dgemm wrote outside C, m=" + m + " n=" + n + " k=" + k);
                }
            }
        }
    }

    /** Runs {@link ImplementationProbe} in a fresh JVM with the given extra options. */
    private static List<String> probe(String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ImplementationProbe.class.getName()));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out.lines().filter(l -> !l.startsWith("WARNING")).toList();
    }

    @Test
    void facadeFallsBackToPlainJava() throws Exception {
        List<String> without = probe();
        assertEquals("plain Java (jdk.incubator.vector not present)", without.get(0));
        assertEquals("[4.0, 5.0, 10.0, 11.0]", without.get(1));
        List<String> disabled = probe("--add-modules", "jdk.incubator.vector", "-Djgrad.simd=false");
        assertEquals("plain Java (disabled by -Djgrad.simd=false)", disabled.get(0));
        List<String> with = probe("--add-modules", "jdk.incubator.vector");
        assertTrue(with.get(0).startsWith("Vector API"), with.toString());
        assertEquals("[4.0, 5.0, 10.0, 11.0]", with.get(1));
    }

    @Test
    void facadeUsesVectorApiWhenPresent() {
        // The tests run with --add-modules jdk.incubator.vector.
        assertTrue(Gemm.implementation().startsWith("Vector API"), Gemm.implementation());
        float[] a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1}, c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[] {4, 5, 10, 11}, c);
        double[] cd = new double[4];
        Gemm.dgemm(true, false, 2, 2, 3, new double[] {1, 4, 2, 5, 3, 6}, 0, 2,
                new double[] {1, 0, 0, 1, 1, 1}, 0, 2, cd, 0, 2, false);
        assertArrayEquals(new double[] {4, 5, 10, 11}, cd);
    }
}
