package org.jgrad.training.reliability;

import java.util.stream.Stream;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;

/** Bad input to the differentiable {@link Tensor} ops and to backward. */
class AutogradBadInputTest extends BadInputSuite {
    static Tensor p(int... shape) { return Tensor.param(NDArray.zeros(DType.FLOAT32, shape)); }

    @Override
    Stream<BadInput> cases() {
        return Stream.of(
                BadInput.of("add shapes", () -> p(2, 3).add(p(4, 3)), "add", "(2, 3)", "(4, 3)"),
                BadInput.of("matmul inner", () -> p(2, 3).matmul(p(2, 3)), "matmul", "(2, 3)"),
                BadInput.of("matmul rank 0", () -> p().matmul(p(3)), "matmul", "()"),
                BadInput.of("sum axis", () -> p(2, 3).sum(2), "sum", "2"),
                BadInput.of("mean axis", () -> p(2, 3).mean(-3), "mean", "-3"),
                BadInput.of("max of empty", () -> p(0).max(), "max", "(0)"),
                BadInput.of("softmax axis", () -> p(2, 3).softmax(5), "softmax", "5"),
                BadInput.of("logSoftmax axis", () -> p(2).logSoftmax(1), "log_softmax", "1"),
                BadInput.of("reshape size", () -> p(2, 3).reshape(4, 2), "reshape", "(2, 3)", "(4, 2)"),
                BadInput.of("narrow past the end", () -> p(2, 3).narrow(1, 1, 5), "narrow", "(2, 3)"),
                BadInput.of("select index", () -> p(2, 3).select(1, -4), "select", "-4"),
                BadInput.of("unsqueeze axis", () -> p(2, 3).unsqueeze(4), "unsqueeze", "4"),
                BadInput.of("flatten axes", () -> p(2, 3, 4).flatten(2, 1), "flatten", "(2, 3, 4)"),
                BadInput.of("expand", () -> p(2, 3).expand(3, 3), "expand", "(2, 3)", "(3, 3)"),
                BadInput.of("cat shapes", () -> Tensor.cat(0, p(2, 3), p(2, 2)), "cat", "(2, 3)", "(2, 2)"),
                BadInput.of("cat of nothing", () -> Tensor.cat(0), "cat"),
                BadInput.of("split sizes", () -> p(5).split(0, 2, 2), "split", "(5)"),
                BadInput.of("chunk count", () -> p(5).chunkAlong(0, 0), "chunk", "0"),
                BadInput.of("conv2d channels", () -> p(1, 3, 5, 5).conv2d(p(4, 2, 3, 3), null, Conv2dParams.DEFAULT), "conv2d", "(1, 3, 5, 5)", "(4, 2, 3, 3)"),
                BadInput.of("conv2d bias", () -> p(1, 3, 5, 5).conv2d(p(4, 3, 3, 3), p(5), Conv2dParams.DEFAULT), "conv2d", "bias", "(5)"),
                BadInput.of("conv2d rank", () -> p(3, 5, 5).conv2d(p(4, 3, 3, 3), null, Conv2dParams.DEFAULT), "conv2d", "(3, 5, 5)"),
                BadInput.of("max pool larger than input", () -> p(1, 1, 2, 2).maxPool2d(Pool2dParams.kernel(3).stride(1)), "max_pool2d", "(1, 1, 2, 2)"),
                BadInput.of("gather index", () -> p(2, 3).gather(1, NDArray.fromArray(new long[][] {{0, 3}})), "gather", "3"),
                BadInput.of("index_select negative", () -> p(4).indexSelect(0, NDArray.of(-1L)), "index_select", "-1"),
                BadInput.of("scatter_add index", () -> p(3).scatterAdd(0, NDArray.of(7L), p(1)), "scatter_add", "7"),
                BadInput.of("where condition dtype", () -> Tensor.where(NDArray.zeros(DType.FLOAT32, 2), p(2), p(2)), "where", "float32"),
                BadInput.of("int param", () -> Tensor.param(NDArray.zeros(DType.INT64, 3)), "requiresGrad", "int64"),
                BadInput.of("setGrad shape", () -> p(2, 3).setGrad(NDArray.zeros(DType.FLOAT32, 3, 2)), "setGrad", "(3, 2)", "(2, 3)"),
                BadInput.of("item of many", () -> p(2).item(), "item", "(2)"),
                BadInput.of("implicit backward of a vector", () -> p(3).mul(2).backward(), "backward", "(3)"),
                BadInput.of("backward without a graph", () -> Tensor.of(NDArray.of(1f)).mul(2).backward(), "backward", "does not require grad"),
                BadInput.of("backward gradient shape", () -> p(3).mul(2).backward(NDArray.zeros(DType.FLOAT32, 4)), "backward", "(4)", "(3)"),
                BadInput.of("backward twice", IllegalStateException.class, () -> {
                    Tensor y = p(3).exp().sum();
                    y.backward();
                    y.backward();
                }, "backward", "second time", "retainGraph"),
                BadInput.of("saved array changed in place", IllegalStateException.class, () -> {
                    Tensor x = p(3);
                    Tensor y = x.exp();
                    Tensor z = y.mul(y).sum();   // mul saves y
                    y.data().assign(NDArray.ones(DType.FLOAT32, 3));
                    z.backward();
                }, "backward", "(3)", "changed in place"),
                BadInput.of("setData of a result", IllegalStateException.class, () -> p(2).exp().setData(NDArray.zeros(DType.FLOAT32, 2)), "setData", "exp"));
    }
}
