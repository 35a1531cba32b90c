package org.jgrad.notebook.display;

import java.util.Locale;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.NDArrayFormatter;
import org.jgrad.tensor.Shapes;

/**
 * An array as an HTML table for a notebook cell: a caption with its shape, dtype and device, then
 * the values, a vector as one row and a matrix as rows and columns; an array of more than
 * {@value NDArrayFormatter#SUMMARY_THRESHOLD} elements shows only the first and last three rows
 * and columns around "…", as {@link NDArray#toString()} does. An array of rank 3 or more is shown as
 * its text inside the table's frame, since a table has only two axes.
 */
public final class ArrayTable {
    private ArrayTable() {}

    /** The table for {@code x}, with {@code extra} (e.g. {@code grad_fn=matmul}) appended to the caption when not empty. */
    public static String html(NDArray x, String extra) {
        NDArray host = x.to(Device.CPU);
        StringBuilder sb = new StringBuilder("<table class=\"jgrad-array\" style=\"font-family: monospace\">");
        sb.append("<caption style=\"text-align: left\">shape ").append(Shapes.format(x.shape())).append(", ")
                .append(x.dtype()).append(", ").append(x.device());
        if (!extra.isEmpty()) sb.append(", ").append(escape(extra));
        sb.append("</caption>");
        if (host.rank() > 2) {
            sb.append("<tr><td><pre>").append(escape(NDArrayFormatter.format(host))).append("</pre></td></tr>");
        } else {
            NDArray matrix = host.rank() == 0 ? host.reshape(1, 1) : host.rank() == 1 ? host.reshape(1, host.shape(0)) : host;
            boolean summarize = NDArrayFormatter.summarizes(host);
            int[] rows = NDArrayFormatter.shownIndices(matrix.shape(0), summarize);
            int[] cols = NDArrayFormatter.shownIndices(matrix.shape(1), summarize);
            for (int r : rows) {
                sb.append("<tr>");
                for (int c : cols) {
                    String cell = r < 0 || c < 0 ? "…" : value(matrix.getDouble(r, c), host.dtype());
                    sb.append("<td style=\"text-align: right\">").append(cell).append("</td>");
                }
                sb.append("</tr>");
            }
        }
        return sb.append("</table>").toString();
    }

    private static String value(double v, DType dtype) {
        if (dtype == DType.BOOL) return v != 0 ? "true" : "false";
        if (!dtype.isFloating()) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
