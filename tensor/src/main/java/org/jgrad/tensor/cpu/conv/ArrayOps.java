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

    /** A per-thread work array of at least {@code length} elements, arbitrary contents ({@link ScratchArrays}). */
    A scratch(int slot, int length);

    int length(A a);

    /** Row-major GEMM, {@link Gemm#sgemm} / {@link Gemm#dgemm}. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, A a, int aOff, int lda,
              A b, int bOff, int ldb, A c, int cOff, int ldc, boolean accumulate);

    /**
     * A block copy: {@code dst[d + a·dstRow + i] = src[s + a·srcRow + i·stride]} for {@code a < rows},
     * {@code i < n} (one im2col block).
     */
    void copyBlock(A src, int s, int srcRow, int stride, A dst, int d, int dstRow, int rows, int n);

    /** Its adjoint: {@code dst[d + a·dstRow + i·stride] += src[s + a·srcRow + i]}, in order (one col2im block). */
    void addBlock(A src, int s, int srcRow, A dst, int d, int dstRow, int stride, int rows, int n);

    /**
     * An indexed copy over samples: {@code dst[d + b·n + l] = src[s + b·srcSample + index[at + l]]},
     * or 0 where the index is negative, for {@code b < samples}, {@code l < n} (one im2col row of
     * {@code samples} samples side by side).
     */
    void gatherIndexed(A src, int s, int srcSample, int[] index, int at, int n, A dst, int d, int samples);

    /** Its adjoint: {@code dst[d + b·dstSample + index[at + l]] += src[s + b·n + l]} where the index is not negative, in order. */
    void scatterAddIndexed(A src, int s, int[] index, int at, int n, A dst, int d, int dstSample, int samples);

    /** {@code a[from, to) = 0}. */
    void zero(A a, int from, int to);

    /** {@code dst[i] += src[i]} for {@code i} in {@code [from, to)}. */
    void addInto(A dst, A src, int from, int to);

    ArrayOps<float[]> FLOAT = new ArrayOps<>() {
        private final ScratchArrays<float[]> scratch = new ScratchArrays<>(this);

        @Override public float[] alloc(int length) { return new float[length]; }

        @Override public float[] scratch(int slot, int length) { return scratch.get(slot, length); }

        @Override public int length(float[] a) { return a.length; }

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
            Gemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }

        @Override
        public void copyBlock(float[] src, int s, int srcRow, int stride, float[] dst, int d, int dstRow, int rows, int n) {
            if (stride == 1 && srcRow == n && dstRow == n) {
                System.arraycopy(src, s, dst, d, rows * n);
                return;
            }
            for (int a = 0; a < rows; a++, s += srcRow, d += dstRow) {
                if (stride == 1) System.arraycopy(src, s, dst, d, n);
                else for (int i = 0; i < n; i++) dst[d + i] = src[s + i * stride];
            }
        }

        @Override
        public void addBlock(float[] src, int s, int srcRow, float[] dst, int d, int dstRow, int stride, int rows, int n) {
            for (int a = 0; a < rows; a++, s += srcRow, d += dstRow) {
                if (stride == 1) for (int i = 0; i < n; i++) dst[d + i] += src[s + i];   // a loop HotSpot vectorizes
                else for (int i = 0; i < n; i++) dst[d + i * stride] += src[s + i];
            }
        }

        @Override
        public void gatherIndexed(float[] src, int s, int srcSample, int[] index, int at, int n, float[] dst, int d, int samples) {
            for (int b = 0; b < samples; b++, s += srcSample, d += n) {
                for (int l = 0; l < n; l++) {
                    int i = index[at + l];
                    dst[d + l] = i < 0 ? 0f : src[s + i];
                }
            }
        }

        @Override
        public void scatterAddIndexed(float[] src, int s, int[] index, int at, int n, float[] dst, int d, int dstSample, int samples) {
            for (int b = 0; b < samples; b++, s += n, d += dstSample) {
                for (int l = 0; l < n; l++) {
                    int i = index[at + l];
                    if (i >= 0) dst[d + i] += src[s + l];
                }
            }
        }

        @Override public void zero(float[] a, int from, int to) { Arrays.fill(a, from, to, 0f); }

        @Override
        public void addInto(float[] dst, float[] src, int from, int to) {
            for (int i = from; i < to; i++) dst[i] += src[i];
        }
    };

    ArrayOps<double[]> DOUBLE = new ArrayOps<>() {
        private final ScratchArrays<double[]> scratch = new ScratchArrays<>(this);

        @Override public double[] alloc(int length) { return new double[length]; }

        @Override public double[] scratch(int slot, int length) { return scratch.get(slot, length); }

        @Override public int length(double[] a) { return a.length; }

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda,
                         double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
            Gemm.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }

        @Override
        public void copyBlock(double[] src, int s, int srcRow, int stride, double[] dst, int d, int dstRow, int rows, int n) {
            if (stride == 1 && srcRow == n && dstRow == n) {
                System.arraycopy(src, s, dst, d, rows * n);
                return;
            }
            for (int a = 0; a < rows; a++, s += srcRow, d += dstRow) {
                if (stride == 1) System.arraycopy(src, s, dst, d, n);
                else for (int i = 0; i < n; i++) dst[d + i] = src[s + i * stride];
            }
        }

        @Override
        public void addBlock(double[] src, int s, int srcRow, double[] dst, int d, int dstRow, int stride, int rows, int n) {
            for (int a = 0; a < rows; a++, s += srcRow, d += dstRow) {
                if (stride == 1) for (int i = 0; i < n; i++) dst[d + i] += src[s + i];   // a loop HotSpot vectorizes
                else for (int i = 0; i < n; i++) dst[d + i * stride] += src[s + i];
            }
        }

        @Override
        public void gatherIndexed(double[] src, int s, int srcSample, int[] index, int at, int n, double[] dst, int d, int samples) {
            for (int b = 0; b < samples; b++, s += srcSample, d += n) {
                for (int l = 0; l < n; l++) {
                    int i = index[at + l];
                    dst[d + l] = i < 0 ? 0.0 : src[s + i];
                }
            }
        }

        @Override
        public void scatterAddIndexed(double[] src, int s, int[] index, int at, int n, double[] dst, int d, int dstSample, int samples) {
            for (int b = 0; b < samples; b++, s += n, d += dstSample) {
                for (int l = 0; l < n; l++) {
                    int i = index[at + l];
                    if (i >= 0) dst[d + i] += src[s + l];
                }
            }
        }

        @Override public void zero(double[] a, int from, int to) { Arrays.fill(a, from, to, 0.0); }

        @Override
        public void addInto(double[] dst, double[] src, int from, int to) {
            for (int i = from; i < to; i++) dst[i] += src[i];
        }
    };
}
