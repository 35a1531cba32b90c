package org.jgrad.cuda;

import static org.jgrad.cuda.BackendComparison.CPU;
import static org.jgrad.cuda.BackendComparison.copyTo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jgrad.tensor.Backend;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.RandomArrays;
import org.jgrad.tensor.RandomArrays.Layout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * copy (with every cast between the seven dtypes) from the host to the device, back, and on the
 * device, and fill, each into a strided view of a poisoned storage: the view's elements must get
 * the reference's values and every other element must keep its poison.
 */
public interface CopyFillConformance extends Conformance {
    /** Where the source and the destination of a copy live. */
    enum Direction { HOST_TO_DEVICE, DEVICE_TO_HOST, ON_DEVICE }

    static Stream<Arguments> copyCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType from : DType.values())
            for (DType to : DType.values())
                for (Direction d : Direction.values()) out.add(Arguments.of(from, to, d, false));
        for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16})
            for (Direction d : Direction.values()) out.add(Arguments.of(DType.FLOAT32, half, d, true));
        return out.stream();
    }

    @ParameterizedTest(name = "copy {0} to {1} {2} large={3}")
    @MethodSource("org.jgrad.cuda.CopyFillConformance#copyCases")
    default void copy(DType from, DType to, Direction direction, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed("copy", from.ordinal(), to.ordinal(), direction.ordinal(), large ? 1 : 0));
        int[] shape = Conformance.shape(r, large);
        // NaN and infinities only between floating dtypes: their conversion to integers is not defined
        NDArray src = r.array(shape, from, r.layout(), from.isFloating() && to.isFloating()).array();
        NDArray dst = poisonedView(r, shape, to);
        NDArray expected = copyTo(CPU, dst);
        CPU.copy(src, expected);

        Backend tested = compare().tested();
        NDArray actual = copyTo(direction == Direction.DEVICE_TO_HOST ? CPU : tested, dst);
        tested.copy(direction == Direction.HOST_TO_DEVICE ? src : copyTo(tested, src), actual);
        compare().checkStorage("copy " + from + " to " + to + " " + direction + " into " + dst.dtype() + java.util.Arrays.toString(shape)
                + " strides " + java.util.Arrays.toString(dst.strides()), expected, actual);
    }

    static Stream<Arguments> fillCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : DType.values()) for (int c = 0; c < 4; c++) out.add(Arguments.of(t, c, false));
        out.add(Arguments.of(DType.FLOAT16, 0, true));
        out.add(Arguments.of(DType.BFLOAT16, 0, true));
        return out.stream();
    }

    @ParameterizedTest(name = "fill {0} case {1} large={2}")
    @MethodSource("org.jgrad.cuda.CopyFillConformance#fillCases")
    default void fill(DType dtype, int c, boolean large) {
        RandomArrays r = new RandomArrays(Conformance.seed("fill", dtype.ordinal(), c, large ? 1 : 0));
        NDArray dst = poisonedView(r, Conformance.shape(r, large), dtype);
        double value = r.value(dtype, true);
        NDArray expected = copyTo(CPU, dst), actual = copyTo(compare().tested(), dst);
        CPU.fill(expected, value);
        compare().tested().fill(actual, value);
        compare().checkStorage("fill " + dtype + " with " + value, expected, actual);
    }

    /** A view of {@code shape} (permuted, stepped or at an offset; never stride 0, which a copy may not write) into a poisoned storage. */
    private static NDArray poisonedView(RandomArrays r, int[] shape, DType t) {
        Layout layout = r.layout();
        NDArray view = r.array(shape, t, layout == Layout.EXPANDED ? Layout.STEPPED : layout, false).array();
        BackendComparison.wholeStorage(view).fill(BackendComparison.poison(t));
        return view;
    }
}
