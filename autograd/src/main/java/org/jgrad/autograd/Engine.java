package org.jgrad.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Reverse-mode differentiation. From the output's node, order the graph so every node comes
 * after all nodes that consume its output (a topological order of the reversed graph), then walk
 * it: each node receives the sum of the gradients its consumers sent, applies its chain rule, and
 * passes the results to its inputs. Leaves (tensors made by the user with requiresGrad) add what
 * they receive to {@link Tensor#grad()}. Without {@code retainGraph} each node is released as soon
 * as it has run.
 */
final class Engine {
    private Engine() {}

    static void backward(Tensor root, NDArray gradient, boolean retainGraph) {
        if (!root.requiresGrad())
            throw new IllegalArgumentException("backward: the tensor " + Shapes.format(root.shape())
                    + " does not require grad and has no graph (was it computed from tensors without requiresGrad, or under noGrad?)");
        if (!Arrays.equals(gradient.shape(), root.shape()))
            throw new IllegalArgumentException("backward: gradient of shape " + Shapes.format(gradient.shape())
                    + " for a tensor of shape " + Shapes.format(root.shape()));
        NDArray g = gradient.to(root.dtype());
        if (root.gradFn() == null) {
            root.accumulateGrad(g);
            return;
        }
        Map<Node, NDArray> pending = new IdentityHashMap<>();
        pending.put(root.gradFn(), g);
        for (Node node : topologicalOrder(root.gradFn())) {
            NDArray gradOut = pending.remove(node);
            if (gradOut == null) continue;
            NDArray[] gradIn = node.apply(gradOut);
            Tensor[] inputs = node.inputArray();
            AnomalyMode.checkBackward(node.name(), gradIn, inputs);
            for (int i = 0; i < inputs.length; i++) {
                Tensor input = inputs[i];
                if (!input.requiresGrad() || gradIn[i] == null) continue;
                if (!Arrays.equals(gradIn[i].shape(), input.shape()))
                    throw new IllegalStateException("backward of '" + node.name() + "' produced a gradient of shape "
                            + Shapes.format(gradIn[i].shape()) + " for input " + i + " of shape " + Shapes.format(input.shape()));
                if (input.gradFn() == null) input.accumulateGrad(gradIn[i]);
                else pending.merge(input.gradFn(), gradIn[i], NDArray::add);
            }
            if (!retainGraph) node.release();
        }
    }

    /** Nodes reachable from {@code root}, each before the nodes it reads from (iterative DFS post-order, reversed). */
    static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>(); // {node, next input index}
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (int) frame[1];
            Tensor[] inputs = node.inputArray();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Node child = inputs[next].gradFn();
                if (child != null && visited.add(child)) stack.push(new Object[] {child, 0});
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
