package org.jgrad.cuda;

/**
 * Which elements of one {@code mma.sync.m16n8k16} a lane holds in its registers, for 16-bit
 * inputs and float32 results (PTX ISA, "Matrix Fragments for mma.m16n8k16"; the header of
 * matmul_tc.cu). Lane l of the warp is split into g = l / 4 (0..7) and t = l % 4 (0..3):
 * <pre>
 *   A (16×16): a0 = A[g][2t, 2t+1]   a1 = A[g+8][2t, 2t+1]   a2 = A[g][2t+8, 2t+9]   a3 = A[g+8][2t+8, 2t+9]
 *   B (16×8):  b0 = B[2t, 2t+1][g]   b1 = B[2t+8, 2t+9][g]
 *   C (16×8):  c0 = C[g][2t]   c1 = C[g][2t+1]   c2 = C[g+8][2t]   c3 = C[g+8][2t+1]
 * </pre>
 * An A or B register packs two 16-bit elements adjacent along K; the methods give the first (the
 * low half), the second is one further along K.
 */
final class MmaFragmentLayout {
    private MmaFragmentLayout() {}

    /** Row of A (0..15) held by register {@code reg} (0..3) of {@code lane}. */
    static int aRow(int lane, int reg) {
        return lane / 4 + 8 * (reg % 2);
    }

    /** Column of A (K index, 0..15) of the low half of register {@code reg} of {@code lane}. */
    static int aCol(int lane, int reg) {
        return 2 * (lane % 4) + 8 * (reg / 2);
    }

    /** Row of B (K index, 0..15) of the low half of register {@code reg} (0..1) of {@code lane}. */
    static int bRow(int lane, int reg) {
        return 2 * (lane % 4) + 8 * reg;
    }

    /** Column of B (0..7) held by both registers of {@code lane}. */
    static int bCol(int lane) {
        return lane / 4;
    }

    /** Row of C (0..15) of accumulator {@code reg} (0..3) of {@code lane}. */
    static int cRow(int lane, int reg) {
        return lane / 4 + 8 * (reg / 2);
    }

    /** Column of C (0..7) of accumulator {@code reg} of {@code lane}. */
    static int cCol(int lane, int reg) {
        return 2 * (lane % 4) + reg % 2;
    }
}
