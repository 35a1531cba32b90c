package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The half types (float16, bfloat16) on the CPU backend: matmul, convolution and pooling widen
 * their operands to float32, compute, and round once, so each result must equal, bit for bit, the
 * float32 op on the widened operands rounded to the half type; elementwise ops and reductions
 * compute in float64 and round once, so theirs must equal the float64 op rounded once. Every
 * result must also lie within the half type's tolerance of the float64 op (relative 2<sup>-10</sup>
 * for float16's 11 significant bits, 2<sup>-7</sup> for bfloat16's 8).
 */
class HalfTypeKernelsTest {
    private static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64;

    /** The dtype under test, set by each parameterized test before it builds operands. */
    private DType low;

    private NDArray half(long seed, int... shape) {
        return NDArray.randn(new Generator(seed), F32, shape).to(low);
    }

    private double tolerance() {
        return low == DType.FLOAT16 ? 1e-3 : 8e-3;
    }

    /** op on the half type = one rounding of op in {@code computeIn}, and close to op in float64 (relative to the result's scale). */
    private void check(String name, DType computeIn, NDArray[] halves, java.util.function.Function<NDArray[], NDArray> op) {
        NDArray[] singles = new NDArray[halves.length], doubles = new NDArray[halves.length];
        for (int i = 0; i < halves.length; i++) {
            singles[i] = halves[i].to(computeIn);
            doubles[i] = halves[i].to(F64);
        }
        NDArray y = op.apply(halves);
        assertEquals(low, y.dtype(), name);
        double[] got = y.toDoubleArray(), once = op.apply(singles).to(low).toDoubleArray(), exact = op.apply(doubles).toDoubleArray();
        double scale = 0;
        for (double v : exact) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < got.length; i++) {
            assertEquals(once[i], got[i], 0.0, name + " element " + i + ": one rounding of the float32 result");
            assertTrue(Math.abs(got[i] - exact[i]) <= tolerance() * (Math.abs(exact[i]) + scale * 1e-2),
                    name + " element " + i + ": " + got[i] + " vs float64 " + exact[i]);
        }
    }

    private void checkMatmul(String name, NDArray a, NDArray b) {
        check("matmul " + name, F32, new NDArray[] {a, b}, t -> t[0].matmul(t[1]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void matmulInAllLayouts(DType half) {
        low = half;
        checkMatmul("(5,7)·(7,3)", half(1, 5, 7), half(2, 7, 3));
        checkMatmul("Aᵀ view", half(3, 7, 5).mT(), half(4, 7, 3));
        checkMatmul("Bᵀ view", half(5, 5, 7), half(6, 3, 7).mT());
        checkMatmul("batched broadcast", half(7, 4, 5, 7), half(8, 7, 3));
        checkMatmul("vector", half(9, 7), half(10, 7, 3));
        checkMatmul("large K (accumulates in float32)", half(11, 3, 300), half(12, 300, 4));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void conv2dForwardAndBothGradients(DType half) {
        low = half;
        Conv2dParams p = Conv2dParams.DEFAULT.stride(2).padding(1);
        NDArray x = half(13, 2, 3, 7, 7), w = half(14, 4, 3, 3, 3);
        int[] yShape = Convolutions.conv2dOutputShape(x.shape(), w.shape(), p);
        NDArray g = half(15, yShape);
        check("conv2d", F32, new NDArray[] {x, w}, t -> t[0].conv2d(t[1], p));
        check("conv2d input grad", F32, new NDArray[] {g, w}, t -> Convolutions.conv2dInputGrad(t[0], t[1], x.shape(), p));
        check("conv2d weight grad", F32, new NDArray[] {x, g}, t -> Convolutions.conv2dWeightGrad(t[0], t[1], w.shape(), p));
        check("grouped conv2d", F32, new NDArray[] {half(16, 1, 4, 5, 5), half(17, 4, 2, 3, 3)}, t -> t[0].conv2d(t[1], Conv2dParams.DEFAULT.padding(1).groups(2)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void poolingForwardAndBackward(DType half) {
        low = half;
        Pool2dParams p = Pool2dParams.kernel(2).stride(2);
        NDArray x = half(18, 2, 3, 6, 6), g = half(19, 2, 3, 3, 3);
        check("max_pool2d", F32, new NDArray[] {x}, t -> t[0].maxPool2d(p));
        check("avg_pool2d", F32, new NDArray[] {x}, t -> t[0].avgPool2d(p));
        check("avg_pool2d backward", F32, new NDArray[] {g}, t -> Convolutions.avgPool2dBackward(t[0], x.shape(), p));
        NDArray indices = x.maxPool2dWithIndices(p)[1];
        check("max_pool2d backward", F32, new NDArray[] {g}, t -> Convolutions.maxPool2dBackward(t[0], indices, x.shape(), p));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void conversionsBetweenFloat32AndTheHalfTypeRoundOnceInAnyLayout(DType half) {
        NDArray single = NDArray.randn(new Generator(27), F32, 60, 50).mul(1000).mT();
        double[] expected = single.toDoubleArray(), got = single.to(half).toDoubleArray();
        for (int i = 0; i < expected.length; i++) assertEquals(OpAssert.roundTo(half, expected[i]), got[i], 0.0, "element " + i);
        NDArray back = single.to(half).mT().to(F32).mT();
        assertEquals(single.to(half).toString(), back.to(half).toString(), half + " → float32 is exact");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void reductionsEqualTheFloat64ReductionRoundedOnceBitForBit(DType half) {
        low = half;
        NDArray x = half(30, 3, 1500, 5).mul(50);   // rows longer than a widened block; strided and unit-stride slices
        NDArray[] views = {x, x.permute(0, 2, 1), x.narrow(1, 7, 1300)};
        int[][] axes = {{1}, {0, 1}, {2}, {0, 1, 2}};
        for (NDArray v : views) {
            NDArray wide = v.to(F64);
            for (int[] a : axes) {
                String where = half + " over " + java.util.Arrays.toString(a) + " of " + java.util.Arrays.toString(v.shape());
                assertArrayEquals(wide.sum(a, false).to(half).toDoubleArray(), v.sum(a, false).toDoubleArray(), "sum " + where);
                assertArrayEquals(wide.max(a, false).to(half).toDoubleArray(), v.max(a, false).toDoubleArray(), "max " + where);
                assertArrayEquals(wide.min(a, false).to(half).toDoubleArray(), v.min(a, false).toDoubleArray(), "min " + where);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void comparisonsAndWhereOnLargeStridedArraysEqualTheirFloat64Versions(DType half) {
        low = half;
        NDArray a = half(31, 70, 90).mT(), b = half(32, 70, 90).mT(), column = half(33, 90, 1);   // several blocks, strided
        NDArray wa = a.to(F64), wb = b.to(F64), wc = column.to(F64);
        java.util.List<java.util.function.BinaryOperator<NDArray>> comparisons =
                java.util.List.of(NDArray::eq, NDArray::ne, NDArray::lt, NDArray::le, NDArray::gt, NDArray::ge);
        for (java.util.function.BinaryOperator<NDArray> cmp : comparisons) {
            assertArrayEquals(cmp.apply(wa, wb).toDoubleArray(), cmp.apply(a, b).toDoubleArray(), half + " elementwise");
            assertArrayEquals(cmp.apply(wa, wc).toDoubleArray(), cmp.apply(a, column).toDoubleArray(), half + " against a broadcast column");
        }
        assertArrayEquals(wa.gt(0).toDoubleArray(), a.gt(0).toDoubleArray(), half + " against a scalar");
        NDArray picked = NDArray.where(a.gt(b), a, b);
        assertEquals(half, picked.dtype());
        assertArrayEquals(NDArray.where(wa.gt(wb), wa, wb).toDoubleArray(), picked.toDoubleArray(), half + " where");
    }

    @Test
    void float16AndBFloat16ConvertThroughFloat32AndPromoteToIt() {
        NDArray x = NDArray.randn(new Generator(28), F32, 40, 30).mul(100).to(DType.FLOAT16);
        double[] values = x.toDoubleArray(), viaB = x.mT().to(DType.BFLOAT16).mT().toDoubleArray();
        for (int i = 0; i < values.length; i++) assertEquals(OpAssert.roundBFloat16(values[i]), viaB[i], 0.0, "float16 → bfloat16, element " + i);
        NDArray b = NDArray.randn(new Generator(29), F32, 30).to(DType.BFLOAT16);
        NDArray sum = x.add(b);
        assertEquals(F32, sum.dtype(), "float16 + bfloat16 promotes to float32");
        assertArrayEquals(x.to(F32).add(b.to(F32)).toDoubleArray(), sum.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void theTrainingPathsElementwiseOpsRoundOnce(DType half) {
        low = half;
        NDArray a = half(20, 4, 6), b = half(21, 6), c = half(22, 4, 1);
        List<UnaryOperator<NDArray>> unary = List.of(NDArray::relu, NDArray::rsqrt, NDArray::exp, NDArray::neg);
        for (UnaryOperator<NDArray> f : unary) check("unary", F64, new NDArray[] {a.abs().add(0.5)}, t -> f.apply(t[0]));
        List<BinaryOperator<NDArray>> binary = List.of(NDArray::add, NDArray::sub, NDArray::mul, NDArray::div);
        for (BinaryOperator<NDArray> f : binary) {
            check("binary, broadcast row", F64, new NDArray[] {a, b}, t -> f.apply(t[0], t[1]));
            check("binary, broadcast column", F64, new NDArray[] {a, c}, t -> f.apply(t[0], t[1]));
        }
        NDArray big = half(24, 90, 70).mT(), row = half(25, 90), column = half(26, 70, 1);   // several blocks, strided
        for (BinaryOperator<NDArray> f : binary) {
            check("binary, large strided", F64, new NDArray[] {big, row}, t -> f.apply(t[0], t[1]));
            check("binary, large, broadcast column", F64, new NDArray[] {big, column}, t -> f.apply(t[0], t[1]));
        }
        check("relu, large strided", F64, new NDArray[] {big}, t -> t[0].relu());
        check("sqrt, large strided", F64, new NDArray[] {big.abs()}, t -> t[0].sqrt());
        check("sum over axes (the bias gradient)", F64, new NDArray[] {half(23, 2, 3, 4, 4)}, t -> t[0].sum(new int[] {0, 2, 3}, false));
    }
}
