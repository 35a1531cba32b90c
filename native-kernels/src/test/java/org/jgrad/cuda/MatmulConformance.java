package org.jgrad.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.cuda.BackendComparison.Output;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomArrays;
import org.jgrad.tensor.RandomArrays.Layout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batched matmul (B, M, K)·(B, K, N) as {@link NDArray#matmul} hands it over: plain, either or
 * both operands transposed (mT views), one operand shared by every batch (batch stride 0),
 * random strided layouts, empty sizes, and large products that span many tiles.
 */
public interface MatmulConformance extends Conformance {
    /** The layouts of the operands, one per case number. */
    enum Form { PLAIN, A_TRANSPOSED, B_TRANSPOSED, BOTH_TRANSPOSED, A_BROADCAST, B_BROADCAST, RANDOM_LAYOUTS, EMPTY }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : FLOATS) for (Form f : Form.values()) out.add(Arguments.of(t, f, false));
        for (Form f : new Form[] {Form.PLAIN, Form.B_TRANSPOSED, Form.A_BROADCAST}) out.add(Arguments.of(DType.FLOAT32, f, true));
        // matmul_tc.cu (sm_80+): the half types over several 64×64 tiles, with M, N, K of 65–264 (off the tiles and K slices)
        for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16})
            for (Form f : new Form[] {Form.A_TRANSPOSED, Form.B_TRANSPOSED, Form.BOTH_TRANSPOSED, Form.B_BROADCAST, Form.RANDOM_LAYOUTS})
                out.add(Arguments.of(t, f, true));
        out.add(Arguments.of(DType.FLOAT64, Form.A_TRANSPOSED, true));
        out.add(Arguments.of(DType.FLOAT16, Form.PLAIN, true));
        out.add(Arguments.of(DType.BFLOAT16, Form.PLAIN, true));
        return out.stream();
    }

    @ParameterizedTest(name = "matmul {0} {1} large={2}")
    @MethodSource("org.jgrad.cuda.MatmulConformance#cases")
    default void matmul(DType dtype, Form form, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed("matmul", dtype.ordinal(), form.ordinal(), large ? 1 : 0));
        int batch = large ? 1 + r.rnd.nextInt(3) : 1 + r.rnd.nextInt(3);
        int m = size(r, large, form), k = size(r, large, form), n = size(r, large, form);
        Layout layout = form == Form.RANDOM_LAYOUTS ? null : Layout.CONTIGUOUS;
        boolean aT = form == Form.A_TRANSPOSED || form == Form.BOTH_TRANSPOSED, bT = form == Form.B_TRANSPOSED || form == Form.BOTH_TRANSPOSED;
        NDArray a = operand(r, dtype, batch, m, k, aT, form == Form.A_BROADCAST, layout);
        NDArray b = operand(r, dtype, batch, k, n, bT, form == Form.B_BROADCAST, layout);
        compare().check("matmul " + dtype + " " + form + " (" + batch + ", " + m + ", " + k + ")·(" + batch + ", " + k + ", " + n + ")",
                (be, in, out) -> be.matmul(in[0], in[1], out[0]), List.of(a, b), List.of(Output.of(dtype, batch, m, n)), 4, true);
    }

    private static int size(RandomArrays r, boolean large, Form form) {
        if (large) return 65 + r.rnd.nextInt(200);
        return form == Form.EMPTY && r.rnd.nextBoolean() ? 0 : 1 + r.rnd.nextInt(9);
    }

    /** A (batch, rows, cols) operand: transposed is the mT view of a (batch, cols, rows) array; broadcast is one matrix expanded over the batch. */
    private static NDArray operand(RandomArrays r, DType t, int batch, int rows, int cols, boolean transposed, boolean broadcast, Layout layout) {
        int b = broadcast ? 1 : batch;
        int[] shape = transposed ? new int[] {b, cols, rows} : new int[] {b, rows, cols};
        NDArray x = r.array(shape, t, layout == null ? r.layout() : layout, false).array();
        if (transposed) x = x.mT();
        return broadcast ? x.expand(batch, rows, cols) : x;
    }
}
