package org.jgrad.tensor.random;

/**
 * The Philox4x32-10 counter-based block function of Salmon, Moraes, Dror and Shaw, "Parallel
 * Random Numbers: As Easy as 1, 2, 3" (SC'11, the Random123 library).
 *
 * <p>Philox maps a 128-bit counter {@code (c0, c1, c2, c3)} and a 64-bit key {@code (k0, k1)}
 * (all unsigned 32-bit words) to 128 pseudo-random bits. It is a pure function with no state:
 * any block can be computed independently of every other, which is what lets a CPU loop and a GPU
 * kernel produce identical streams.
 *
 * <h2>The maths</h2>
 * All arithmetic is on unsigned 32-bit words, modulo 2<sup>32</sup>. For a word {@code a} and a
 * multiplier {@code M}, let {@code hi(M·a)} and {@code lo(M·a)} be the upper and lower 32 bits
 * of the 64-bit product. One round maps the counter and a round key {@code (k0, k1)} to
 * <pre>
 *   c0' = hi(M1 · c2) ^ c1 ^ k0
 *   c1' = lo(M1 · c2)
 *   c2' = hi(M0 · c0) ^ c3 ^ k1
 *   c3' = lo(M0 · c0)
 * </pre>
 * with {@code M0 = 0xD2511F53} and {@code M1 = 0xCD9E8D57}. Ten rounds are applied. The first
 * round uses the user key; before each of rounds 2..10 the key is bumped by the Weyl
 * increments
 * <pre>
 *   k0 += W0 = 0x9E3779B9   (golden ratio)
 *   k1 += W1 = 0xBB67AE85   (sqrt(3) - 1)
 * </pre>
 * so round {@code r} (1-based) uses {@code (k0 + (r-1)·W0, k1 + (r-1)·W1)}. The output is the
 * counter after round 10, in the order {@code (c0', c1', c2', c3')}.
 *
 * <p>This matches the {@code philox4x32 10} known-answer vectors of Random123's
 * {@code tests/kat_vectors}. Java {@code int}s are used as the unsigned words; products are taken
 * in {@code long} after zero-extension.
 */
public final class Philox4x32 {
    /** Round multiplier applied to {@code c0}. */
    public static final int M0 = 0xD2511F53;
    /** Round multiplier applied to {@code c2}. */
    public static final int M1 = 0xCD9E8D57;
    /** Weyl key increment for {@code k0} (golden ratio). */
    public static final int W0 = 0x9E3779B9;
    /** Weyl key increment for {@code k1} (sqrt(3) - 1). */
    public static final int W1 = 0xBB67AE85;
    /** Number of rounds. */
    public static final int ROUNDS = 10;

    private static final long M0L = M0 & 0xFFFFFFFFL;
    private static final long M1L = M1 & 0xFFFFFFFFL;

    private Philox4x32() {}

    /**
     * Computes one Philox4x32-10 block and writes its four output words to
     * {@code out[outOff .. outOff+3]}. Allocation-free.
     *
     * @param c0 counter word 0 (least significant)
     * @param c1 counter word 1
     * @param c2 counter word 2
     * @param c3 counter word 3 (most significant)
     * @param k0 key word 0
     * @param k1 key word 1
     * @param out destination for the 4 output words, in order {@code (x0, x1, x2, x3)}
     * @param outOff index of {@code x0} in {@code out}
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int outOff) {
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0L * (c0 & 0xFFFFFFFFL);
            long p1 = M1L * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out[outOff] = c0;
        out[outOff + 1] = c1;
        out[outOff + 2] = c2;
        out[outOff + 3] = c3;
    }

    /**
     * Computes one Philox4x32-10 block into a new array. Convenience form of
     * {@link #block(int, int, int, int, int, int, int[], int)}.
     *
     * @return the four output words {@code {x0, x1, x2, x3}}
     */
    public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        block(c0, c1, c2, c3, k0, k1, out, 0);
        return out;
    }

    /**
     * Returns output word {@code j} (0..3) of the block for the 64-bit counter {@code ctr} (split
     * as {@code c0 = low 32 bits, c1 = high 32 bits, c2 = c3 = 0}) and the 64-bit key {@code key}
     * ({@code k0 = low 32 bits, k1 = high 32 bits}). This is the single-word form that
     * {@link RandomStream} is defined by.
     */
    public static int word(long ctr, long key, int j) {
        if (j < 0 || j > 3) throw new IllegalArgumentException("word index must be 0..3, got " + j);
        int[] out = new int[4]; // does not escape: the JIT keeps it in registers
        block((int) ctr, (int) (ctr >>> 32), 0, 0, (int) key, (int) (key >>> 32), out, 0);
        return out[j];
    }
}
