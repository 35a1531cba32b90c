package org.jgrad.autograd;

import java.util.List;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * One recorded op in the graph: its name, its input tensors, and its {@link Backward}. The arrays
 * the backward needs are captured by it; those listed as saved are also version-checked, so a
 * backward through an array changed in place since the forward is an error, not a wrong gradient.
 * After backward (without {@code retainGraph}) the node is released: its backward, saved arrays
 * and input links are dropped so their memory can be reclaimed even while the output is kept.
 */
public final class Node {
    private final String name;
    private Tensor[] inputs;
    private Backward backward;
    private TensorBackward tensorBackward;
    private NDArray[] saved;
    private final int[] savedVersions;

    Node(String name, Tensor[] inputs, Backward backward, TensorBackward tensorBackward, NDArray[] saved) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
        this.tensorBackward = tensorBackward;
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i].storage().version();
    }

    /** The op's name, e.g. {@code "mul"}. */
    public String name() {
        return name;
    }

    /** The tensors this op read. */
    public List<Tensor> inputs() {
        return List.of(inputs);
    }

    Tensor[] inputArray() {
        return inputs;
    }

    boolean isReleased() {
        return backward == null;
    }

    /** True when the op recorded its chain rule in differentiable tensor ops ({@link TensorBackward}). */
    public boolean isTwiceDifferentiable() {
        return tensorBackward != null;
    }

    /** Runs the chain rule after checking the saved arrays are unchanged. */
    NDArray[] apply(NDArray gradOutput) {
        checkSaved();
        boolean[] needs = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needs[i] = inputs[i].requiresGrad();
        return backward.apply(gradOutput, needs);
    }

    /**
     * Runs the chain rule in differentiable tensor ops, for the inputs {@code needs} names, so that
     * the results carry a graph (when recording is on and something they depend on requires grad).
     */
    Tensor[] applyDifferentiably(Tensor gradOutput, boolean[] needs) {
        checkSaved();
        if (tensorBackward == null)
            throw new IllegalArgumentException("grad with createGraph: '" + name + "' has no double backward (its chain rule is not written in"
                    + " differentiable ops); the twice-differentiable ops are those whose node says isTwiceDifferentiable()");
        return tensorBackward.apply(gradOutput, needs);
    }

    private void checkSaved() {
        if (backward == null)
            throw new IllegalStateException("backward: trying to go through the graph of '" + name
                    + "' a second time, but its saved arrays were freed by the first backward; pass retainGraph = true to the first call");
        for (int i = 0; i < saved.length; i++) {
            int now = saved[i].storage().version();
            if (now != savedVersions[i])
                throw new IllegalStateException("backward: an array of shape " + Shapes.format(saved[i].shape()) + " saved by '" + name
                        + "' was changed in place after the forward pass (version " + now + ", expected " + savedVersions[i] + ")");
        }
    }

    /** Drops the backward, the saved arrays and the links to the inputs, so the graph's memory can be reclaimed. */
    void release() {
        backward = null;
        tensorBackward = null;
        saved = new NDArray[0];
        inputs = new Tensor[0];
    }

    @Override
    public String toString() {
        return name;
    }
}
