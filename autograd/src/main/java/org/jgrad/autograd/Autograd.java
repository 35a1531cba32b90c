package org.jgrad.autograd;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Gradients returned instead of accumulated, and gradients of gradients (PyTorch's
 * {@code torch.autograd.grad}). {@code grad(y, inputs, g, createGraph)} gives
 * dL/d(input) for L = Σ g ⊙ y, for each input, without touching any {@link Tensor#grad()}.
 *
 * <p>With {@code createGraph} false the walk runs each node's ordinary {@link Backward} and the
 * results are constants. With {@code createGraph} true it runs each node's {@link TensorBackward}
 * (the same chain rule written with tensor ops) with recording on, so the results carry a graph:
 * differentiating a function of them, e.g. the gradient penalty λ(‖∂D(x̂)/∂x̂‖ - 1)² of WGAN-GP,
 * reaches the second derivatives ∂²D/∂x̂∂θ of the critic's parameters θ. An op on the path without
 * a tensor backward is then an error naming it. The graph of {@code y} is kept either way.
 *
 * <p>Only nodes from which some input can be reached run, and each runs only for its inputs that
 * lead to one ({@code needs}); so the parameters of a critic cost nothing when only the gradient
 * with respect to its input is asked for.
 */
public final class Autograd {
    private Autograd() {}

    /** dy/d(input) for a one-element {@code y} (seed 1), as constants. */
    public static Tensor[] grad(Tensor y, Tensor... inputs) {
        return grad(y, inputs, null, false);
    }

    /**
     * dL/d(input) for L = Σ {@code gradOutput} ⊙ y (gradOutput null: ones, y must have one element).
     * An input that y does not depend on gets zeros; {@code createGraph} makes the results differentiable.
     */
    public static Tensor[] grad(Tensor y, Tensor[] inputs, Tensor gradOutput, boolean createGraph) {
        if (!y.requiresGrad())
            throw new IllegalArgumentException("grad: the output " + Shapes.format(y.shape()) + " does not require grad and has no graph");
        for (int i = 0; i < inputs.length; i++)
            if (!inputs[i].requiresGrad())
                throw new IllegalArgumentException("grad: input " + i + " " + Shapes.format(inputs[i].shape()) + " does not require grad");
        if (gradOutput == null) {
            if (y.numel() != 1)
                throw new IllegalArgumentException("grad: an output of shape " + Shapes.format(y.shape()) + " needs a gradOutput of its shape");
            gradOutput = Tensor.of(NDArray.ones(y.dtype(), y.shape()).to(y.device()));
        } else if (!Arrays.equals(gradOutput.shape(), y.shape())) {
            throw new IllegalArgumentException("grad: gradOutput " + Shapes.format(gradOutput.shape()) + " for an output " + Shapes.format(y.shape()));
        }
        Map<Tensor, Integer> wanted = new IdentityHashMap<>();
        for (int i = 0; i < inputs.length; i++) wanted.putIfAbsent(inputs[i], i);
        Tensor[] result = new Tensor[inputs.length];
        if (y.gradFn() == null) {
            if (wanted.containsKey(y)) result[wanted.get(y)] = gradOutput;
            return fillZeros(result, inputs);
        }
        List<Node> order = Engine.topologicalOrder(y.gradFn());
        Set<Node> leadsToInput = leadingToInputs(order, wanted);
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        pending.put(y.gradFn(), gradOutput);
        try (Scope mode = createGraph ? new Scope(() -> {}) : GradMode.noGrad()) {
            for (Node node : order) {
                Tensor gradOut = pending.remove(node);
                if (gradOut == null || !leadsToInput.contains(node)) continue;
                for (Map.Entry<Tensor, Integer> w : wanted.entrySet())          // a non-leaf input: its node's total gradient
                    if (w.getKey().gradFn() == node) result[w.getValue()] = gradOut;
                Tensor[] in = node.inputArray();
                boolean[] needs = new boolean[in.length];
                for (int i = 0; i < in.length; i++)
                    needs[i] = in[i].requiresGrad() && (wanted.containsKey(in[i]) || leadsToInput.contains(in[i].gradFn()));
                Tensor[] gradIn = createGraph ? node.applyDifferentiably(gradOut, needs) : constants(node.apply(gradOut.data()), needs);
                for (int i = 0; i < in.length; i++) {
                    if (!needs[i] || gradIn[i] == null) continue;
                    if (!Arrays.equals(gradIn[i].shape(), in[i].shape()))
                        throw new IllegalStateException("grad: the backward of '" + node.name() + "' produced a gradient of shape "
                                + Shapes.format(gradIn[i].shape()) + " for input " + i + " of shape " + Shapes.format(in[i].shape()));
                    if (in[i].gradFn() == null) result[wanted.get(in[i])] = add(result[wanted.get(in[i])], gradIn[i]);
                    else pending.merge(in[i].gradFn(), gradIn[i], Autograd::add);
                }
            }
        }
        return fillZeros(result, inputs);
    }

    /** The nodes of {@code order} (consumers before producers) from which a wanted tensor can be reached. */
    private static Set<Node> leadingToInputs(List<Node> order, Map<Tensor, Integer> wanted) {
        Set<Node> leads = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k = order.size() - 1; k >= 0; k--) {                          // producers first
            Node node = order.get(k);
            for (Tensor in : node.inputArray())
                if (wanted.containsKey(in) || (in.gradFn() != null && leads.contains(in.gradFn()))) {
                    leads.add(node);
                    break;
                }
            if (wanted.containsKey(outputOf(node, wanted))) leads.add(node);
        }
        return leads;
    }

    /** The wanted tensor produced by {@code node}, or null. */
    private static Tensor outputOf(Node node, Map<Tensor, Integer> wanted) {
        for (Tensor t : wanted.keySet()) if (t.gradFn() == node) return t;
        return null;
    }

    private static Tensor[] constants(NDArray[] grads, boolean[] needs) {
        Tensor[] t = new Tensor[grads.length];
        for (int i = 0; i < grads.length; i++) if (needs[i] && grads[i] != null) t[i] = Tensor.of(grads[i]);
        return t;
    }

    private static Tensor add(Tensor a, Tensor b) {
        return a == null ? b : a.add(b);
    }

    private static Tensor[] fillZeros(Tensor[] result, Tensor[] inputs) {
        for (int i = 0; i < result.length; i++) {
            int first = indexOfFirst(inputs, inputs[i]);
            if (first < i) result[i] = result[first];      // the same tensor listed twice
            else if (result[i] == null) result[i] = Tensor.of(NDArray.zeros(inputs[i].dtype(), inputs[i].device(), inputs[i].shape()));
        }
        return result;
    }

    private static int indexOfFirst(Tensor[] inputs, Tensor t) {
        for (int i = 0; i < inputs.length; i++) if (inputs[i] == t) return i;
        return -1;
    }
}
