package org.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.BceWithLogitsLoss;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.nn.losses.L1Loss;
import org.jgrad.nn.losses.MseLoss;
import org.jgrad.nn.losses.NllLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Layers and losses under {@link Autocast} with either low dtype: low compute, float32 parameters, statistics and losses. */
class AutocastLayersTest {
    private static final DType F16 = DType.FLOAT16, F32 = DType.FLOAT32;

    /** n·ε of the low dtype: 2^-10 for float16, 2^-7 for bfloat16. */
    private static double roundings(int n, DType low) {
        return n * Math.scalb(1.0, low == F16 ? -10 : -7);
    }

    private static NDArray randn(long seed, int... shape) {
        return NDArray.randn(new Generator(seed), F32, shape);
    }

    private static void assertClose(NDArray expected, NDArray actual, double tol, String what) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++)
            assertTrue(Math.abs(a[i] - e[i]) <= tol * (1 + Math.abs(e[i])), what + " element " + i + ": " + a[i] + " vs " + e[i]);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void linearAndConvComputeInTheLowDTypeAndKeepFloat32Parameters(DType low) {
        Map<String, Module> layers = new LinkedHashMap<>();
        layers.put("Linear", new Linear(12, 5, true, new Generator(1)));
        layers.put("Conv2d", new Conv2d(3, 4, 3, 2, 1, 1, 1, true, new Generator(2)));
        Map<String, NDArray> inputs = Map.of("Linear", randn(3, 6, 12), "Conv2d", randn(4, 2, 3, 6, 6));
        for (var e : layers.entrySet()) {
            Module layer = e.getValue();
            NDArray x = inputs.get(e.getKey());
            Tensor ref = layer.forward(Tensor.of(x));
            Tensor y;
            try (var scope = Autocast.enable(low)) {
                y = layer.forward(Tensor.of(x));
            }
            assertEquals(low, y.dtype(), e.getKey() + " output");
            assertClose(ref.data(), y.data(), roundings(10, low), e.getKey());
            y.sum().backward();
            for (var p : layer.namedParameters().entrySet()) {
                assertEquals(F32, p.getValue().dtype(), e.getKey() + "." + p.getKey() + " stays float32");
                assertEquals(F32, p.getValue().grad().dtype(), e.getKey() + "." + p.getKey() + " gets a float32 gradient");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void batchNormStatisticsStayFloat32(DType low) {
        NDArray x = randn(5, 4, 3, 5, 5).mul(3).add(2).to(low);
        BatchNorm2d amp = new BatchNorm2d(3), ref = new BatchNorm2d(3);
        Tensor y;
        try (var scope = Autocast.enable(low)) {
            y = amp.forward(Tensor.of(x));
        }
        Tensor yRef = ref.forward(Tensor.of(x.to(F32)));
        assertEquals(low, y.dtype(), "the normalized activations are " + low);
        assertClose(yRef.data(), y.data(), roundings(10, low), "normalized values");
        assertEquals(F32, amp.runningMean().dtype());
        assertEquals(F32, amp.runningVar().dtype());
        assertClose(ref.runningMean(), amp.runningMean(), 1e-6, "running mean from float32 statistics");
        assertClose(ref.runningVar(), amp.runningVar(), 1e-6, "running variance from float32 statistics");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT16", "BFLOAT16"})
    void everyLossComputesInFloat32(DType low) {
        NDArray logits = randn(6, 8, 5).to(low);
        NDArray classes = NDArray.of(0L, 1, 2, 3, 4, 0, 1, 2);
        NDArray targets = randn(7, 8, 5).sigmoid().to(low);
        Map<String, Function<Tensor, Tensor>> losses = new LinkedHashMap<>();
        losses.put("CrossEntropyLoss", t -> new CrossEntropyLoss().withLabelSmoothing(0.1).forward(t, classes));
        losses.put("NllLoss", t -> new NllLoss().forward(t.logSoftmax(1), classes));
        losses.put("MseLoss", t -> new MseLoss().forward(t, targets));
        losses.put("L1Loss", t -> new L1Loss().forward(t, targets));
        losses.put("BceWithLogitsLoss", t -> new BceWithLogitsLoss().forward(t, targets));
        for (var e : losses.entrySet()) {
            Tensor input = Tensor.param(logits), loss;
            try (var scope = Autocast.enable(low)) {
                loss = e.getValue().apply(input);
            }
            assertEquals(F32, loss.dtype(), e.getKey());
            Tensor wide = Tensor.param(logits.to(F32));
            Tensor ref = e.getValue().apply(wide);
            assertEquals(ref.item(), loss.item(), 1e-6, e.getKey() + " equals the float32 loss of the widened input");
            loss.backward();
            ref.backward();
            assertEquals(low, input.grad().dtype(), e.getKey() + " hands a " + low + " input a " + low + " gradient");
            assertClose(wide.grad(), input.grad(), roundings(2, low), e.getKey() + " gradient");
        }
    }
}
