package org.jgrad.tensor.cpu.conv;

import java.util.Arrays;
import org.jgrad.tensor.cpu.gemm.Gemm;

/**
 * The handful of primitive loops the convolution driver needs, abstracted over the array type
 * {@code A} ({@code float[]} or {@code double[]}).
 *
 * <p>This is how {@link Conv2dKernels} avoids duplicating its float32 and float64 code: Java
 * generics cannot range over primitives, but they can range over primitive <em>array</em> types,
 * because an array is an object. The driver (geometry, index tables, parallel split, buffer
 * management, reduction order) is written once, generic in {@code A}; each dtype supplies one
 * singleton implementing these tiny loops. Each call does a whole row or table of work, so the
 * interface dispatch is paid per call and never per element.
 */
interface ArrayOps<A> {
    A alloc(int length);

    int length(A a);

    /** Row-major GEMM, {@link Gemm#sgemm} / {@link Gemm#dgemm}. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, A a, int aOff, int lda,
              A b, int bOff, int ldb, A c, int cOff, int ldc, boolean accumulate);

    /** {@code dst[d + i] = src[s + i·stride]} for {@code i < n}. */
    void copyStrided(A src, int s, int stride, A dst, int d, int n);

    /** {@code dst[d + i·stride] += src[s + i]} for {@code i < n}, in order. */
    void addStrided(A src, int s, A dst, int d, int stride, int n);

    /** {@code a[from, to) = 0}. */
    void zero(A a, int from, int to);

    /** {@code dst[i] += src[i]} for {@code i} in {@code [from, to)}. */
    void addInto(A dst, A src, int from, int to);

    ArrayOps<float[]> FLOAT = new ArrayOps<>() {
        @Override public float[] alloc(int length) { return new float[length]; }

        @Override public int length(float[] a) { return a.length; }

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
            Gemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }

        @Override
        public void copyStrided(float[] src, int s, int stride, float[] dst, int d, int n) {
            if (stride == 1) System.arraycopy(src, s, dst, d, n);
            else for (int i = 0; i < n; i++) dst[d + i] = src[s + i * stride];
        }

        @Override
        public void addStrided(float[] src, int s, float[] dst, int d, int stride, int n) {
            for (int i = 0; i < n; i++) dst[d + i * stride] += src[s + i];
        }

        @Override public void zero(float[] a, int from, int to) { Arrays.fill(a, from, to, 0f); }

        @Override
        public void addInto(float[] dst, float[] src, int from, int to) {
            for (int i = from; i < to; i++) dst[i] += src[i];
        }
    };

    ArrayOps<double[]> DOUBLE = new ArrayOps<>() {
        @Override public double[] alloc(int length) { return new double[length]; }

        @Override public int length(double[] a) { return a.length; }

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda,
                         double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
            Gemm.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }

        @Override
        public void copyStrided(double[] src, int s, int stride, double[] dst, int d, int n) {
            if (stride == 1) System.arraycopy(src, s, dst, d, n);
            else for (int i = 0; i < n; i++) dst[d + i] = src[s + i * stride];
        }

        @Override
        public void addStrided(double[] src, int s, double[] dst, int d, int stride, int n) {
            for (int i = 0; i < n; i++) dst[d + i * stride] += src[s + i];
        }

        @Override public void zero(double[] a, int from, int to) { Arrays.fill(a, from, to, 0.0); }

        @Override
        public void addInto(double[] dst, double[] src, int from, int to) {
            for (int i = from; i < to; i++) dst[i] += src[i];
        }
    };
}
