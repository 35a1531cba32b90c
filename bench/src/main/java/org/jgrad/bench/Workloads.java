package org.jgrad.bench;

import java.util.Random;

/**
 * The shapes, seeds and work-unit formulas shared by the jgrad benchmarks, the PyTorch benchmarks
 * (profile {@code pytorch}) and {@link CpuReport}, so that both engines run exactly the same problems
 * and every timing converts to a rate the same way.
 *
 * <ul>
 *   <li>matmul of two n×n float32 matrices: {@link #matmulFlops(int) 2·n³} floating-point operations;</li>
 *   <li>conv2d, input (N, Cin, H, W), weight (Cout, Cin, kH, kW), padding 1, stride 1, no bias:
 *       {@link #conv2dFlops() 2·N·Cout·OH·OW·Cin·kH·kW} floating-point operations;</li>
 *   <li>elementwise add of two float32 vectors of {@link #ELEMENTS} elements: {@link #addBytes() 3·4·n}
 *       bytes moved (two reads, one write); sum of one such vector: {@link #sumBytes() 4·n} bytes read.</li>
 * </ul>
 * A rate is work divided by the median time of one operation: GFLOP/s = flops / seconds / 1e9,
 * GB/s = bytes / seconds / 1e9.
 */
public final class Workloads {
    private Workloads() {}

    /** Seed of every {@link java.util.Random} that fills benchmark inputs. */
    public static final long SEED = 20240601L;

    /** The matmul sizes n (square n×n · n×n). */
    public static final int[] MATMUL_SIZES = {256, 512, 1024, 2048};

    // conv2d: N=64, 32 -> 64 channels, 28×28, 3×3, padding 1, stride 1, dilation 1, groups 1
    public static final int CONV_N = 64;
    public static final int CONV_CIN = 32;
    public static final int CONV_COUT = 64;
    public static final int CONV_H = 28;
    public static final int CONV_W = 28;
    public static final int CONV_K = 3;
    public static final int CONV_PAD = 1;
    public static final int CONV_STRIDE = 1;

    /** Elements of the elementwise add and sum: 16M float32 (64 MiB per array). */
    public static final int ELEMENTS = 16 * 1024 * 1024;

    /** Floating-point operations of an n×n by n×n matmul: 2·n³. */
    public static double matmulFlops(int n) {
        return 2.0 * n * n * n;
    }

    public static int convOutH() {
        return (CONV_H + 2 * CONV_PAD - CONV_K) / CONV_STRIDE + 1;
    }

    public static int convOutW() {
        return (CONV_W + 2 * CONV_PAD - CONV_K) / CONV_STRIDE + 1;
    }

    /** Floating-point operations of the conv2d case: 2·N·Cout·OH·OW·Cin·kH·kW. */
    public static double conv2dFlops() {
        return 2.0 * CONV_N * CONV_COUT * convOutH() * convOutW() * CONV_CIN * CONV_K * CONV_K;
    }

    /** Bytes moved by the add: 3 arrays × 4 bytes × n. */
    public static double addBytes() {
        return 3.0 * 4 * ELEMENTS;
    }

    /** Bytes read by the sum: 4 bytes × n. */
    public static double sumBytes() {
        return 4.0 * ELEMENTS;
    }

    /** {@code count} floats uniform in [-1, 1) from a {@link Random} seeded with {@code seed}. */
    public static float[] randomFloats(long seed, int count) {
        Random random = new Random(seed);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = random.nextFloat() * 2f - 1f;
        return out;
    }
}
