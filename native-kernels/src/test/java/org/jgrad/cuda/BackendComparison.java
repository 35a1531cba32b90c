package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import org.jgrad.tensor.Backend;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.OpAssert;
import org.jgrad.tensor.Reference.Dense;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.cpu.CpuBackend;

/**
 * Runs one {@link Backend} primitive on the CPU reference and on the backend under test with the
 * same inputs, and compares the outputs with the dtype's tolerance ({@link OpAssert}), listing the
 * first mismatches.
 *
 * <p>Inputs are host arrays, usually strided views from {@code RandomArrays}; the backend under
 * test gets copies of their whole storages seen with the same shape, strides and offset, so its
 * kernels read exactly the layouts the CPU read. Its outputs are poisoned first (filled with
 * {@link #poison}) so an element a kernel forgets to write shows up; the reference's outputs are
 * zero-filled, as {@link NDArray} allocates them. Sums (matmul, convolution, reductions, ...) may
 * round differently on each side: for those the tolerance scales with the same op over |inputs|,
 * a bound on the rounding error of any summation order.
 */
public final class BackendComparison {
    static final Backend CPU = CpuBackend.INSTANCE;

    private final Backend tested;

    public BackendComparison(Backend tested) {
        this.tested = tested;
    }

    public Backend tested() {
        return tested;
    }

    /** A primitive applied to its inputs and outputs, in the order the check lists them. */
    @FunctionalInterface
    public interface Primitive {
        void run(Backend backend, NDArray[] in, NDArray[] out);
    }

    /** An output to allocate: fresh of a dtype and shape, or (in-place ops) starting from {@code initial}'s values. */
    public record Output(DType dtype, int[] shape, NDArray initial) {
        static Output of(DType dtype, int... shape) {
            return new Output(dtype, shape, null);
        }

        static Output inPlace(NDArray initial) {
            return new Output(initial.dtype(), initial.shape(), initial);
        }
    }

    /**
     * Runs {@code op} on both backends and compares every output.
     *
     * @param slack  multiplies the dtype's rtol and atol
     * @param summed the op sums products: the tolerance scales with the op over |inputs|
     */
    public void check(String what, Primitive op, List<NDArray> inputs, List<Output> outputs, double slack, boolean summed) {
        compare(what, op, inputs, outputs, slack, summed, false);
    }

    /**
     * {@link #check} with slack 1 for cases on special values: besides the NaN and infinity
     * positions, which {@link OpAssert} always requires exactly, every zero of the reference must be
     * a zero of the same sign on the backend under test (OpAssert alone takes −0 for +0).
     */
    public void checkSignedZeros(String what, Primitive op, List<NDArray> inputs, List<Output> outputs) {
        compare(what, op, inputs, outputs, 1, false, true);
    }

    private void compare(String what, Primitive op, List<NDArray> inputs, List<Output> outputs, double slack, boolean summed,
                         boolean signedZeros) {
        NDArray[] in = inputs.toArray(NDArray[]::new);
        NDArray[] expected = outputs.stream().map(o -> o.initial == null ? NDArray.zeros(o.dtype, o.shape) : o.initial.copy()).toArray(NDArray[]::new);
        op.run(CPU, in, expected);

        NDArray[] onTested = inputs.stream().map(x -> copyTo(tested, x)).toArray(NDArray[]::new);
        NDArray[] actual = outputs.stream().map(o -> copyTo(tested, o.initial == null ? poisoned(o.dtype, o.shape) : o.initial.copy()))
                .toArray(NDArray[]::new);
        KernelLaunch.startLog();
        op.run(tested, onTested, actual);
        List<String> kernels = KernelLaunch.launched();

        NDArray[] scale = summed ? absoluteBound(op, in, outputs) : null;
        for (int i = 0; i < expected.length; i++) {
            int k = i;
            assertEquals(expected[i].dtype(), actual[i].dtype(), () -> what + ": output " + k + " dtype");
            OpAssert.assertClose(Dense.of(expected[i]), actual[i], scale == null ? null : Dense.of(scale[i]), slack,
                    () -> what + ", output " + k + " of " + expected.length + " on " + tested.device()
                            + (kernels.isEmpty() ? "" : " (kernels " + String.join(", ", kernels) + ")") + "; inputs " + describe(inputs));
            if (signedZeros && expected[i].dtype().isFloating()) assertSameZeros(expected[i], actual[i], what + ", output " + k + " on " + tested.device());
        }
    }

    /** Where {@code expected} holds ±0, {@code actual} holds the same zero. */
    private static void assertSameZeros(NDArray expected, NDArray actual, String what) {
        double[] want = expected.toDoubleArray(), got = actual.toDoubleArray();
        StringBuilder bad = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < want.length; i++)
            if (want[i] == 0 && Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i]) && mismatches++ < 8)
                bad.append("\n  at ").append(Arrays.toString(org.jgrad.tensor.Reference.unflat(expected.shape(), i)))
                        .append(": expected ").append(want[i]).append(" but got ").append(got[i]);
        if (mismatches > 0) fail(mismatches + " zeros differ in sign or value; " + what + "; the first:" + bad);
    }

    /**
     * Compares the whole storages under two views (of the reference and of the backend under test):
     * the elements of the views and every element around them, which a correct write leaves alone.
     */
    public void checkStorage(String what, NDArray expectedView, NDArray actualView) {
        assertEquals(expectedView.dtype(), actualView.dtype(), () -> what + ": dtype");
        OpAssert.assertClose(Dense.of(wholeStorage(expectedView)), wholeStorage(actualView), null, 1,
                () -> what + " on " + tested.device() + "; the whole storage under the view " + describe(List.of(expectedView)));
    }

    /** {@code x}'s whole storage copied to {@code backend}, seen with x's shape, strides and offset. */
    public static NDArray copyTo(Backend backend, NDArray x) {
        int size = x.storage().size();
        int[] flatShape = {size}, unit = {1};
        NDArray flat = new NDArray(x.storage(), flatShape, unit, 0);
        NDArray copy = new NDArray(backend.allocate(x.dtype(), size), flatShape.clone(), unit.clone(), 0);
        backend.copy(flat, copy);
        return new NDArray(copy.storage(), x.shape(), x.strides(), x.offset());
    }

    /** The whole storage under a view, row by row, as a one-dimensional array. */
    public static NDArray wholeStorage(NDArray x) {
        return new NDArray(x.storage(), new int[] {x.storage().size()}, new int[] {1}, 0);
    }

    /** A value no kernel should produce by chance: what an unwritten output element holds. */
    public static double poison(DType t) {
        return t == DType.BOOL ? 1 : -31337;
    }

    /** A contiguous host array of {@code shape} filled with {@link #poison}. */
    public static NDArray poisoned(DType t, int... shape) {
        return NDArray.full(poison(t), t, shape);
    }

    /** The op on the CPU over |inputs| (floating ones; indices stay), from |initial| outputs: a bound on any summation order. */
    private static NDArray[] absoluteBound(Primitive op, NDArray[] in, List<Output> outputs) {
        NDArray[] absIn = Arrays.stream(in).map(BackendComparison::abs).toArray(NDArray[]::new);
        NDArray[] bound = outputs.stream().map(o -> o.initial == null ? NDArray.zeros(o.dtype, o.shape) : abs(o.initial))
                .toArray(NDArray[]::new);
        op.run(CPU, absIn, bound);
        return bound;
    }

    private static NDArray abs(NDArray x) {
        return x.dtype().isFloating() ? x.abs() : x.copy();
    }

    private static String describe(List<NDArray> inputs) {
        StringBuilder sb = new StringBuilder();
        for (NDArray x : inputs)
            sb.append(sb.length() == 0 ? "" : ", ").append(x.dtype()).append(Shapes.format(x.shape())).append(" strides ")
                    .append(Arrays.toString(x.strides())).append(" offset ").append(x.offset());
        return sb.toString();
    }
}
