package org.jgrad.tensor.cpu;

import org.jgrad.tensor.Backend;
import org.jgrad.tensor.BinaryOp;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Pool2dParams;
import org.jgrad.tensor.RandomKind;
import org.jgrad.tensor.ReduceOp;
import org.jgrad.tensor.Storage;
import org.jgrad.tensor.UnaryOp;
import org.jgrad.tensor.cpu.gemm.Gemm;

/**
 * The CPU backend: the reference implementation of every primitive, with fast paths for float32
 * (Vector API elementwise loops and sums, blocked GEMM, convolution through GEMM) and all cores
 * used through {@link CpuParallel}. Each family of ops lives in its own kernel class.
 */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override public Device device() { return Device.CPU; }

    @Override
    public String describe() {
        return CpuParallel.threads() + " threads; elementwise: " + FloatKernels.INSTANCE.describe() + "; gemm: " + Gemm.implementation();
    }

    @Override public Storage allocate(DType dtype, int size) { return HostStorage.allocate(dtype, size); }

    @Override public Storage allocateUninitialized(DType dtype, int size) { return HostStorage.allocateUninitialized(dtype, size); }

    @Override
    public void copy(NDArray src, NDArray dst) {
        if (!src.device().equals(Device.CPU) || !dst.device().equals(Device.CPU))
            throw new IllegalArgumentException("copy: the CPU backend copies between CPU arrays only, got " + src.device() + " to " + dst.device());
        ElementwiseKernels.copy(src, dst);
    }

    @Override public void fill(NDArray dst, double value) { ElementwiseKernels.fill(dst, value); }
    @Override public void random(RandomKind kind, long seed, long offset, double p, NDArray out) { RandomKernels.draw(kind, seed, offset, p, out); }
    @Override public void unary(UnaryOp op, NDArray x, NDArray out) { ElementwiseKernels.unary(op, x, out); }
    @Override public void binary(BinaryOp op, NDArray a, NDArray b, NDArray out) { ElementwiseKernels.binary(op, a, b, out); }
    @Override public void where(NDArray cond, NDArray a, NDArray b, NDArray out) { ElementwiseKernels.where(cond, a, b, out); }

    @Override public void reduce(ReduceOp op, NDArray x, boolean[] reduced, NDArray out) { ReduceKernels.reduce(op, x, reduced, out); }
    @Override public void argReduce(boolean max, NDArray x, int axis, NDArray out) { ReduceKernels.argReduce(max, x, axis, out); }
    @Override public void softmax(NDArray x, int axis, boolean log, NDArray out) { ReduceKernels.softmax(x, axis, log, out); }

    @Override public void matmul(NDArray a, NDArray b, NDArray out) { MatmulKernel.matmul(a, b, out); }
    @Override public void conv2d(NDArray x, NDArray w, Conv2dParams p, NDArray out) { ConvKernels.conv2d(x, w, p, out); }
    @Override public void conv2dInputGrad(NDArray gradOut, NDArray w, Conv2dParams p, NDArray gradX) { ConvKernels.conv2dInputGrad(gradOut, w, p, gradX); }
    @Override public void conv2dWeightGrad(NDArray x, NDArray gradOut, Conv2dParams p, NDArray gradW) { ConvKernels.conv2dWeightGrad(x, gradOut, p, gradW); }
    @Override public void maxPool2d(NDArray x, Pool2dParams p, NDArray out, NDArray indices) { ConvKernels.maxPool2d(x, p, out, indices); }
    @Override public void maxPool2dBackward(NDArray gradOut, NDArray indices, Pool2dParams p, NDArray gradX) { ConvKernels.maxPool2dBackward(gradOut, indices, p, gradX); }
    @Override public void avgPool2d(NDArray x, Pool2dParams p, NDArray out) { ConvKernels.avgPool2d(x, p, out); }
    @Override public void avgPool2dBackward(NDArray gradOut, Pool2dParams p, NDArray gradX) { ConvKernels.avgPool2dBackward(gradOut, p, gradX); }

    @Override
    public void channelMoments(NDArray x, NDArray mean, NDArray var) {
        if (ChannelKernels.handles(x, mean, var)) ChannelKernels.moments(x, mean, var);
        else Backend.super.channelMoments(x, mean, var);
    }

    @Override
    public void channelLinear(NDArray u, NDArray m, NDArray a, NDArray v, NDArray b, NDArray c, NDArray out) {
        if (ChannelKernels.handles(u, m, a, v, b, c, out)) ChannelKernels.linear(u, m, a, v, b, c, out);
        else Backend.super.channelLinear(u, m, a, v, b, c, out);
    }

    @Override
    public void channelSums(NDArray x, NDArray sums) {
        if (ChannelKernels.handles(x, sums)) ChannelKernels.sums(x, sums);
        else Backend.super.channelSums(x, sums);
    }

    @Override
    public void channelGradSums(NDArray g, NDArray x, NDArray mean, NDArray sumGrad, NDArray sumCentered) {
        if (ChannelKernels.handles(g, x, mean, sumGrad, sumCentered)) ChannelKernels.gradSums(g, x, mean, sumGrad, sumCentered);
        else Backend.super.channelGradSums(g, x, mean, sumGrad, sumCentered);
    }

    @Override
    public void reluBackward(NDArray x, NDArray g, NDArray out) {
        if (!ElementwiseKernels.reluBackward(x, g, out)) Backend.super.reluBackward(x, g, out);
    }

    @Override public void gather(NDArray x, int axis, NDArray index, NDArray out) { IndexKernels.gather(x, axis, index, out); }
    @Override public void scatterAdd(NDArray dst, int axis, NDArray index, NDArray src) { IndexKernels.scatterAdd(dst, axis, index, src); }
    @Override public void indexSelect(NDArray x, int axis, NDArray index, NDArray out) { IndexKernels.indexSelect(x, axis, index, out); }
}
