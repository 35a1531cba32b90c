package org.jgrad.notebook.display;

import java.awt.image.BufferedImage;
import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.jgrad.autograd.Tensor;
import org.jgrad.bench.report.BenchReport;
import org.jgrad.nn.Module;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.learner.LrFindResult;
import org.jgrad.training.learner.Recorder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * How a cell's value shows in a notebook. Every output carries {@code text/plain} (what
 * {@code ./jgrad shell} prints, for front ends without HTML) and, where a picture says more:
 * <ul>
 *   <li>an {@link NDArray} or {@link Tensor}: an HTML table with shape, dtype and device
 *       ({@link ArrayTable}), a tensor also with its {@code grad_fn} or {@code requires_grad};</li>
 *   <li>a {@link Module}: its tree with parameter counts;</li>
 *   <li>a {@link Png}, a {@link BufferedImage} or an XChart chart: the image;</li>
 *   <li>a {@link Recorder}: the losses chart; an {@link LrFindResult}: the lr_find chart;</li>
 *   <li>a {@link BenchReport}: the bench's Markdown report with its charts inline.</li>
 * </ul>
 * Anything else goes to the protocol library's own renderer (text, or its image types).
 */
public final class Displays {
    private Displays() {}

    /** The display data for {@code value}; {@code fallback} renders the types not listed above. */
    public static DisplayData of(Object value, Renderer fallback) {
        if (value instanceof DisplayData d) return d;
        if (value instanceof NDArray a) {
            String text = a.toString();
            return html(text, ArrayTable.html(a, "", text));
        }
        if (value instanceof Tensor t) {
            String text = t.toString();
            return html(text, ArrayTable.html(t.data(), tensorExtra(t), text));
        }
        if (value instanceof Png png) return image(png);
        if (value instanceof BufferedImage image) return image(Png.of(image));
        if (value instanceof Chart<?, ?> chart) return image(Png.of(chart));
        if (value instanceof Recorder recorder) return image(Png.losses(recorder));
        if (value instanceof LrFindResult result) return image(Png.lrFind(result));
        if (value instanceof Module module) return new DisplayData(module.toString());
        if (value instanceof BenchReport report) return BenchDisplay.of(report);
        return fallback.render(value);
    }

    private static String tensorExtra(Tensor t) {
        if (t.gradFn() != null) return "grad_fn=" + t.gradFn().name();
        return t.requiresGrad() ? "requires_grad=true" : "";
    }

    private static DisplayData html(String text, String html) {
        DisplayData d = new DisplayData(text);
        d.putHTML(html);
        return d;
    }

    private static DisplayData image(Png png) {
        int[] size = png.size();
        DisplayData d = new DisplayData("PNG image, " + size[0] + "x" + size[1]);
        d.putData("image/png", Base64.getEncoder().encodeToString(png.bytes()));
        return d;
    }
}
