package org.jgrad.training.data;

import java.util.Arrays;
import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.losses.MseLoss;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.learner.LossFunction;
import org.jgrad.training.learner.MeanSquaredError;
import org.jgrad.training.learner.Metric;

/**
 * A single number as the target of a {@link DataBlock} (fastai's {@code RegressionBlock} with one
 * output): each label (a {@link Number}) becomes one float32 value, targets of shape {@code (N)}.
 *
 * <p>Default loss: {@link MseLoss}; a model output of shape {@code (N, 1)} is compared with the
 * targets {@code (N)} element by element (it is reshaped to the targets' shape when the element
 * counts agree). Default metric: {@link MeanSquaredError}.
 */
public final class RegressionBlock implements TargetBlock<Number> {
    @Override
    public Encoding<Number> setup(List<? extends Number> trainLabels) {
        return new Encoding<>() {
            @Override
            public NDArray encode(List<? extends Number> labels) {
                float[] out = new float[labels.size()];
                for (int k = 0; k < out.length; k++) {
                    Number v = labels.get(k);
                    if (v == null) throw new IllegalArgumentException("RegressionBlock: item " + k + " has no label (null)");
                    out[k] = v.floatValue();
                }
                return HostArrays.f32(out, out.length);
            }

            @Override
            public List<String> vocab() {
                return List.of();
            }
        };
    }

    @Override
    public LossFunction defaultLoss() {
        MseLoss mse = new MseLoss();
        return (output, target) -> {
            Tensor o = output;
            if (!Arrays.equals(o.shape(), target.shape()) && o.data().numel() == target.numel()) o = o.reshape(target.shape());
            return mse.forward(o, target);
        };
    }

    @Override
    public List<Metric> defaultMetrics() {
        return List.of(new MeanSquaredError());
    }

    @Override
    public String toString() {
        return "RegressionBlock";
    }
}
