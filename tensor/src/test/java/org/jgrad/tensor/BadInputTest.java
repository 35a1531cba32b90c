package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input is an IllegalArgumentException whose message names the op and the offending shapes or dtypes. */
class BadInputTest {
    static NDArray f(int... shape) { return NDArray.zeros(DType.FLOAT32, shape); }

    static Stream<Arguments> cases() {
        NDArray idx = NDArray.fromArray(new long[][] {{0, 5}});
        return Stream.of(
                Arguments.of("add", (Executable) () -> f(2, 3).add(f(4, 3)), List.of("add", "(2, 3)", "(4, 3)")),
                Arguments.of("mul broadcast", (Executable) () -> f(3).mul(f(2, 2)), List.of("mul", "(3)", "(2, 2)")),
                Arguments.of("where", (Executable) () -> NDArray.where(NDArray.zeros(DType.BOOL, 2), f(3), f(2)), List.of("where", "(2)", "(3)")),
                Arguments.of("where cond dtype", (Executable) () -> NDArray.where(f(2), f(2), f(2)), List.of("where", "float32")),
                Arguments.of("matmul inner", (Executable) () -> f(2, 3).matmul(f(4, 5)), List.of("matmul", "(2, 3)", "(4, 5)")),
                Arguments.of("matmul batch", (Executable) () -> f(2, 2, 3).matmul(f(3, 3, 1)), List.of("matmul", "(2)", "(3)")),
                Arguments.of("matmul scalar", (Executable) () -> f().matmul(f(3)), List.of("matmul", "()")),
                Arguments.of("matmul int", (Executable) () -> NDArray.zeros(DType.INT32, 2, 2).matmul(NDArray.zeros(DType.INT32, 2, 2)), List.of("matmul", "int32")),
                Arguments.of("sum axis", (Executable) () -> f(2, 3).sum(2), List.of("sum", "axis 2", "rank 2")),
                Arguments.of("softmax axis", (Executable) () -> f(2, 3).softmax(-3), List.of("softmax", "-3")),
                Arguments.of("argmax axis", (Executable) () -> f(2).argmax(1, false), List.of("argmax", "axis 1")),
                Arguments.of("max empty", (Executable) () -> f(2, 0).max(1), List.of("max", "(2, 0)")),
                Arguments.of("argmax empty", (Executable) () -> f(0).argmax(0, false), List.of("argmax", "(0)")),
                Arguments.of("transpose axis", (Executable) () -> f(2, 3).transpose(0, 5), List.of("transpose", "5")),
                Arguments.of("permute", (Executable) () -> f(2, 3).permute(0, 0), List.of("permute", "0")),
                Arguments.of("view", (Executable) () -> f(2, 3).mT().view(6), List.of("view", "(3, 2)", "(6)")),
                Arguments.of("reshape size", (Executable) () -> f(2, 3).reshape(4, 2), List.of("reshape", "(4, 2)", "(2, 3)")),
                Arguments.of("reshape two -1", (Executable) () -> f(2, 3).reshape(-1, -1), List.of("reshape", "-1")),
                Arguments.of("expand", (Executable) () -> f(2, 3).expand(4, 3), List.of("expand", "(2, 3)", "(4, 3)")),
                Arguments.of("narrow", (Executable) () -> f(2, 3).narrow(1, 2, 2), List.of("narrow", "(2, 3)")),
                Arguments.of("select", (Executable) () -> f(2, 3).select(0, 2), List.of("select", "2")),
                Arguments.of("mean of int", (Executable) () -> NDArray.zeros(DType.INT32, 2, 3).mean(), List.of("mean", "int32", "(2, 3)")),
                Arguments.of("var of int", (Executable) () -> NDArray.zeros(DType.INT64, 4).var(1, false), List.of("var", "int64")),
                Arguments.of("softmax of int", (Executable) () -> NDArray.zeros(DType.INT64, 4).softmax(0), List.of("softmax", "int64")),
                Arguments.of("exp of bool", (Executable) () -> NDArray.zeros(DType.BOOL, 4).exp(), List.of("exp", "bool")),
                Arguments.of("conv2d channels", (Executable) () -> f(1, 3, 5, 5).conv2d(f(4, 2, 3, 3), Conv2dParams.DEFAULT), List.of("conv2d", "(1, 3, 5, 5)", "(4, 2, 3, 3)")),
                Arguments.of("conv2d rank", (Executable) () -> f(3, 5, 5).conv2d(f(4, 3, 3, 3), Conv2dParams.DEFAULT), List.of("conv2d", "(3, 5, 5)")),
                Arguments.of("conv2d too small", (Executable) () -> f(1, 1, 2, 2).conv2d(f(1, 1, 3, 3), Conv2dParams.DEFAULT), List.of("conv2d", "(1, 1, 2, 2)")),
                Arguments.of("gather index range", (Executable) () -> f(2, 3).gather(1, idx), List.of("gather", "5", "3")),
                Arguments.of("gather index dtype", (Executable) () -> f(2, 3).gather(1, f(1, 2)), List.of("gather", "float32")),
                Arguments.of("gather rank", (Executable) () -> f(2, 3).gather(1, NDArray.of(0L)), List.of("gather", "(1)", "(2, 3)")),
                Arguments.of("index_select range", (Executable) () -> f(2, 3).indexSelect(0, NDArray.of(-1L)), List.of("index_select", "-1", "2")),
                Arguments.of("scatter_add range", (Executable) () -> f(2, 3).scatterAdd(1, idx, f(1, 2)), List.of("scatter_add", "5")),
                Arguments.of("one_hot range", (Executable) () -> NDArray.of(0L, 3L).oneHot(3), List.of("one_hot", "3")),
                Arguments.of("cat shapes", (Executable) () -> NDArray.cat(0, f(2, 3), f(2, 4)), List.of("cat", "(2, 3)", "(2, 4)")),
                Arguments.of("stack shapes", (Executable) () -> NDArray.stack(0, f(2, 3), f(3, 2)), List.of("stack", "(2, 3)", "(3, 2)")),
                Arguments.of("split sizes", (Executable) () -> f(5, 2).split(0, 2, 2), List.of("split", "(5, 2)")),
                Arguments.of("pad", (Executable) () -> f(2).pad(new int[] {-2, -1}, 0), List.of("pad", "(2)")),
                Arguments.of("zeros negative", (Executable) () -> NDArray.zeros(DType.FLOAT32, 2, -1), List.of("zeros", "(2, -1)")),
                Arguments.of("full negative", (Executable) () -> NDArray.full(1, DType.FLOAT32, -3), List.of("zeros", "(-3)")),
                Arguments.of("eye negative", (Executable) () -> NDArray.eye(-1), List.of("eye", "-1")),
                Arguments.of("reshape negative", (Executable) () -> f(2, 3).reshape(-2, -3), List.of("reshape", "(-2, -3)")),
                Arguments.of("arange step", (Executable) () -> NDArray.arange(0, 1, 0, DType.FLOAT32), List.of("arange", "step")),
                Arguments.of("linspace steps", (Executable) () -> NDArray.linspace(0, 1, -1), List.of("linspace", "-1")),
                Arguments.of("clamp", (Executable) () -> f(2).clamp(2, 1), List.of("clamp")),
                Arguments.of("item", (Executable) () -> f(2).item(), List.of("item", "(2)")),
                Arguments.of("getDouble", (Executable) () -> f(2, 3).getDouble(1, 3), List.of("getDouble", "3")),
                Arguments.of("max pool", (Executable) () -> f(1, 1, 2, 2).maxPool2d(Pool2dParams.kernel(3).stride(1)), List.of("max_pool2d", "(1, 1, 2, 2)")),
                Arguments.of("ragged array", (Executable) () -> NDArray.fromArray(new float[][] {{1, 2}, {3}}), List.of("fromArray", "2", "1")),
                Arguments.of("not an array", (Executable) () -> NDArray.fromArray("text"), List.of("fromArray", "String")),
                Arguments.of("randint empty range", (Executable) () -> NDArray.randint(3, 3, new org.jgrad.tensor.random.Generator(0), 2), List.of("randint", "3")),
                Arguments.of("randn negative", (Executable) () -> NDArray.randn(2, -4), List.of("randn", "(2, -4)")),
                Arguments.of("arange NaN", (Executable) () -> NDArray.arange(0, Double.NaN, 1, DType.FLOAT32), List.of("arange", "NaN")),
                Arguments.of("slice step", (Executable) () -> f(4).slice(0, 0, 4, 0), List.of("slice", "step", "0")),
                Arguments.of("narrow negative length", (Executable) () -> f(4).narrow(0, 1, -2), List.of("narrow", "[1, -1)", "size 4")),
                Arguments.of("split negative size", (Executable) () -> f(4).split(0, 5, -1), List.of("split", "-1")),
                Arguments.of("chunk zero", (Executable) () -> f(4).chunkAlong(0, 0), List.of("chunk", "0")),
                Arguments.of("permute length", (Executable) () -> f(2, 3).permute(0), List.of("permute", "(2, 3)")),
                Arguments.of("select scalar", (Executable) () -> f().select(0, 0), List.of("select", "()")),
                Arguments.of("squeeze axis", (Executable) () -> f(2, 1).squeeze(3), List.of("squeeze", "3")),
                Arguments.of("expand -2", (Executable) () -> f(1, 3).expand(-2, 3), List.of("expand", "-2")),
                Arguments.of("reshape empty -1", (Executable) () -> f(0, 3).reshape(-1, 0), List.of("reshape", "(-1, 0)")),
                Arguments.of("getDouble index count", (Executable) () -> f(2, 3).getDouble(1), List.of("getDouble", "(2, 3)")),
                Arguments.of("pad odd length", (Executable) () -> f(2, 2).pad(new int[] {1}, 0), List.of("pad", "1")),
                Arguments.of("conv2d stride 0", (Executable) () -> Conv2dParams.DEFAULT.stride(0), List.of("conv2d", "stride", "(0, 0)")),
                Arguments.of("pool negative padding", (Executable) () -> Pool2dParams.kernel(2).stride(2).padding(-1), List.of("pool2d", "(-1, -1)")),
                Arguments.of("one_hot negative classes", (Executable) () -> NDArray.of(0L).oneHot(-1), List.of("one_hot", "-1")),
                Arguments.of("one_hot float", (Executable) () -> f(2).oneHot(3), List.of("one_hot", "float32")),
                Arguments.of("stack nothing", (Executable) () -> NDArray.stack(0), List.of("stack")),
                Arguments.of("scatter_add src shape", (Executable) () -> f(3).scatterAdd(0, NDArray.of(0L, 1L), f(1)), List.of("scatter_add", "(1)", "(2)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void throwsIllegalArgumentNamingOpAndShapes(String name, Executable call, List<String> mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, name);
        String m = e.getMessage();
        assertTrue(m != null && m.startsWith(mentions.get(0)), name + ": message should start with the op name " + mentions.get(0) + ": " + m);
        for (String want : mentions) assertTrue(m.contains(want), name + ": message should mention " + want + ": " + m);
    }
}
