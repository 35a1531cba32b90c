package org.jgrad.training.reliability;

import java.util.stream.Stream;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.AdaptiveAvgPool2d;
import org.jgrad.nn.layers.BatchNorm1d;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.ConvTranspose2d;
import org.jgrad.nn.layers.Dropout;
import org.jgrad.nn.layers.Embedding;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.LayerNorm;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.layers.MaxPool2d;
import org.jgrad.nn.losses.BceWithLogitsLoss;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.nn.losses.L1Loss;
import org.jgrad.nn.losses.MseLoss;
import org.jgrad.nn.losses.NllLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;

/** Bad input to nn layers (construction and forward) and losses. */
class LayerBadInputTest extends BadInputSuite {
    static Tensor x(int... shape) { return Tensor.of(NDArray.zeros(DType.FLOAT32, shape)); }
    static NDArray labels(long... values) { return NDArray.of(values); }

    @Override
    Stream<BadInput> cases() {
        return Stream.of(
                // construction: negative or zero sizes, probabilities out of range, NaN
                BadInput.of("Linear negative in", () -> new Linear(-1, 3), "Linear", "-1"),
                BadInput.of("Conv2d zero channels", () -> new Conv2d(0, 4, 3), "Conv2d", "0"),
                BadInput.of("Conv2d groups", () -> new Conv2d(3, 4, 3, 1, 1, 1, 2, true, null), "Conv2d", "groups", "2"),
                BadInput.of("ConvTranspose2d output padding", () -> new ConvTranspose2d(2, 2, 3, 1, 0, 1), "ConvTranspose2d", "1"),
                BadInput.of("Embedding negative size", () -> new Embedding(-5, 3), "Embedding", "-5"),
                BadInput.of("BatchNorm2d zero features", () -> new BatchNorm2d(0), "BatchNorm2d", "0"),
                BadInput.of("LayerNorm no shape", () -> new LayerNorm(), "LayerNorm"),
                BadInput.of("Dropout p above 1", () -> new Dropout(1.5), "Dropout", "1.5"),
                BadInput.of("Dropout p NaN", () -> new Dropout(Double.NaN), "Dropout", "NaN"),
                BadInput.of("AdaptiveAvgPool2d zero", () -> new AdaptiveAvgPool2d(0), "AdaptiveAvgPool2d", "0"),
                BadInput.of("MaxPool2d zero kernel", () -> new MaxPool2d(0), "0"),
                // forward: rank, channels, features, indices
                BadInput.of("Linear features", () -> new Linear(4, 2).forward(x(3, 5)), "Linear", "(3, 5)", "4"),
                BadInput.of("Linear scalar input", () -> new Linear(4, 2).forward(x()), "Linear", "()"),
                BadInput.of("Conv2d channels", () -> new Conv2d(3, 4, 3).forward(x(2, 1, 8, 8)), "Conv2d", "(N, 3, H, W)", "(2, 1, 8, 8)"),
                BadInput.of("Conv2d rank", () -> new Conv2d(1, 4, 3).forward(x(8, 8)), "Conv2d", "(8, 8)"),
                BadInput.of("Conv2d image smaller than kernel", () -> new Conv2d(1, 1, 5).forward(x(1, 1, 3, 3)), "Conv2d", "(1, 1, 3, 3)", "too small"),
                BadInput.of("ConvTranspose2d channels", () -> new ConvTranspose2d(2, 3, 3).forward(x(1, 4, 5, 5)), "(1, 4, 5, 5)"),
                BadInput.of("BatchNorm2d channels", () -> new BatchNorm2d(3).forward(x(2, 4, 5, 5)), "BatchNorm2d", "(2, 4, 5, 5)", "3"),
                BadInput.of("BatchNorm2d rank", () -> new BatchNorm2d(3).forward(x(2, 3)), "BatchNorm2d", "(2, 3)"),
                BadInput.of("BatchNorm1d features", () -> new BatchNorm1d(3).forward(x(4, 5)), "BatchNorm1d", "(4, 5)", "3"),
                BadInput.of("BatchNorm1d one item in training", () -> new BatchNorm1d(3).forward(x(1, 3)), "BatchNorm1d", "(1, 3)"),
                BadInput.of("LayerNorm trailing shape", () -> new LayerNorm(4).forward(x(2, 5)), "LayerNorm", "(2, 5)", "(4)"),
                BadInput.of("Embedding index range", () -> new Embedding(5, 2).forward(Tensor.of(labels(1, 5))), "Embedding", "5"),
                BadInput.of("Embedding negative index", () -> new Embedding(5, 2).forward(Tensor.of(labels(-1))), "-1"),
                BadInput.of("Embedding float indices", () -> new Embedding(5, 2).forward(x(3)), "Embedding", "float32"),
                BadInput.of("MaxPool2d rank", () -> new MaxPool2d(2).forward(x(4, 4)), "MaxPool2d", "(4, 4)"),
                BadInput.of("AdaptiveAvgPool2d rank", () -> new AdaptiveAvgPool2d(1).forward(x(4, 4)), "AdaptiveAvgPool2d", "(4, 4)"),
                BadInput.of("Flatten axes", () -> new Flatten(1, 5).forward(x(2, 3)), "flatten", "axis 5", "rank 2"),
                BadInput.of("Sequential passes a bad shape on", () -> new Sequential(new Linear(4, 3), new Linear(4, 2)).forward(x(2, 4)), "Linear", "(2, 3)"),
                // losses: labels out of range, wrong dtype, shapes, bad settings
                BadInput.of("cross entropy label too large", () -> new CrossEntropyLoss().forward(x(2, 3), labels(0, 3)), "CrossEntropyLoss", "3"),
                BadInput.of("cross entropy negative label", () -> new CrossEntropyLoss().forward(x(2, 3), labels(-2, 0)), "CrossEntropyLoss", "-2"),
                BadInput.of("cross entropy float labels", () -> new CrossEntropyLoss().forward(x(2, 3), NDArray.of(0f, 1f)), "CrossEntropyLoss", "float32"),
                BadInput.of("cross entropy batch sizes", () -> new CrossEntropyLoss().forward(x(2, 3), labels(0, 1, 2)), "CrossEntropyLoss", "(2, 3)", "(3)"),
                BadInput.of("cross entropy scalar input", () -> new CrossEntropyLoss().forward(x(), labels(0)), "CrossEntropyLoss", "scalar"),
                BadInput.of("cross entropy class weights", () -> new CrossEntropyLoss().withWeight(NDArray.ones(DType.FLOAT32, 4)).forward(x(2, 3), labels(0, 1)),
                        "CrossEntropyLoss", "4 class weights", "(2, 3)"),
                BadInput.of("cross entropy label smoothing", () -> new CrossEntropyLoss().withLabelSmoothing(1.5), "label", "1.5"),
                BadInput.of("cross entropy label smoothing NaN", () -> new CrossEntropyLoss().withLabelSmoothing(Double.NaN), "label", "NaN"),
                BadInput.of("nll label too large", () -> new NllLoss().forward(x(2, 3), labels(0, 7)), "NllLoss", "7"),
                BadInput.of("mse shapes", () -> new MseLoss().forward(x(2, 3), x(3, 2)), "MseLoss", "(2, 3)", "(3, 2)"),
                BadInput.of("l1 shapes", () -> new L1Loss().forward(x(4), x(5)), "L1Loss", "(4)", "(5)"),
                BadInput.of("bce shapes", () -> new BceWithLogitsLoss().forward(x(4, 1), x(4)), "(4, 1)", "(4)"),
                BadInput.of("bce pos weight", () -> new BceWithLogitsLoss().withPosWeight(NDArray.ones(DType.FLOAT32, 3)).forward(x(2, 4), x(2, 4)), "(3)"));
    }
}
