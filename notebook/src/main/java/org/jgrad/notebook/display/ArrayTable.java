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

    /**
     * The table for {@code x}, with {@code extra} (e.g. {@code grad_fn=matmul}) appended to the
     * caption when not empty; {@code text} is {@code x}'s {@link NDArray#toString()}, shown as is for
     * rank 3 and more (the caller has it already: a device array is copied to the host once for it).
     */
    public static String html(NDArray x, String extra, String text) {
        StringBuilder sb = new StringBuilder("<table class=\"jgrad-array\" style=\"font-family: monospace\">");
        sb.append("<caption style=\"text-align: left\">shape ").append(Shapes.format(x.shape())).append(", ")
                .append(x.dtype()).append(", ").append(x.device());
        if (!extra.isEmpty()) sb.append(", ").append(escape(extra));
        sb.append("</caption>");
        if (x.rank() > 2) {
            sb.append("<tr><td><pre>").append(escape(text)).append("</pre></td></tr>");
        } else {
            boolean summarize = NDArrayFormatter.summarizes(x);
            NDArray values = summarize ? x : x.to(Device.CPU);   // a summary reads 49 values where they are, not the whole array
            NDArray matrix = values.rank() == 0 ? values.reshape(1, 1) : values.rank() == 1 ? values.reshape(1, values.shape(0)) : values;
            int[] rows = NDArrayFormatter.shownIndices(matrix.shape(0), summarize);
            int[] cols = NDArrayFormatter.shownIndices(matrix.shape(1), summarize);
            for (int r : rows) {
                sb.append("<tr>");
                for (int c : cols) {
                    String cell = r < 0 || c < 0 ? "…" : value(matrix.getDouble(r, c), x.dtype());
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
