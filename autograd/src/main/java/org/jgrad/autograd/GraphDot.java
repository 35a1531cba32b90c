package org.jgrad.autograd;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jgrad.tensor.Shapes;

/**
 * Draws a tensor's graph in Graphviz DOT: ops as boxes, leaves as ellipses labelled with their
 * shape (parameters, which require grad, filled), edges in the direction data flows.
 * Render with {@code dot -Tpng graph.dot -o graph.png}.
 */
final class GraphDot {
    private GraphDot() {}

    static String of(Tensor root) {
        StringBuilder sb = new StringBuilder("digraph jgrad {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        Map<Object, String> ids = new IdentityHashMap<>();
        String rootId = visit(root, sb, ids);
        sb.append("  out [label=\"output ").append(Shapes.format(root.shape())).append("\", shape=plaintext];\n");
        sb.append("  ").append(rootId).append(" -> out;\n}\n");
        return sb.toString();
    }

    private static String visit(Tensor t, StringBuilder sb, Map<Object, String> ids) {
        Object key = t.gradFn() != null ? t.gradFn() : t;
        String known = ids.get(key);
        if (known != null) return known;
        String id = "n" + ids.size();
        ids.put(key, id);
        if (t.gradFn() == null) {
            sb.append("  ").append(id).append(" [label=\"").append(Shapes.format(t.shape())).append(' ').append(t.dtype()).append('"')
                    .append(t.requiresGrad() ? ", style=filled, fillcolor=lightblue" : "").append("];\n");
        } else {
            sb.append("  ").append(id).append(" [label=\"").append(t.gradFn().name()).append("\\n").append(Shapes.format(t.shape()))
                    .append("\", shape=box];\n");
            for (Tensor input : t.gradFn().inputs()) {
                String inputId = visit(input, sb, ids);
                sb.append("  ").append(inputId).append(" -> ").append(id).append(";\n");
            }
        }
        return id;
    }
}
