package org.jgrad.notebook.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** What a cell's value looks like: tables for arrays, trees for modules, images for charts, a bar redrawn in place. */
class DisplaysTest {
    private static String html(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_HTML);
    }

    @Test
    void aLargeArrayIsCutLikeItsText() {
        NDArray big = NDArray.arange(2000).reshape(40, 50);
        String table = html(Displays.of(big, new Renderer()));
        assertTrue(table.contains("shape (40, 50), int64, cpu"), table);
        assertEquals(7, table.split("<tr>", -1).length - 1, "3 rows, the ellipsis, 3 rows: " + table);
        assertTrue(table.contains(">1999<") && table.contains(">…<") && !table.contains(">1000<"), table);
        assertTrue(big.toString().contains("..."), "the text form is cut too");
    }

    @Test
    void aTensorShowsItsGradFn() {
        Tensor p = Tensor.param(NDArray.of(1.0, 2.0));
        assertTrue(html(Displays.of(p, new Renderer())).contains("float64, cpu, requires_grad=true"));
        assertTrue(html(Displays.of(p.mul(p), new Renderer())).contains("grad_fn=mul"));
        assertTrue(html(Displays.of(NDArray.of(3.0), new Renderer())).contains(">3.000<"), "a scalar is a 1x1 table");
    }

    @Test
    void anArrayOfRankThreeShowsItsTextWithItsOwnDevice() {
        NDArray onDevice = NDArray.ones(2, 2, 2).to(org.jgrad.tensor.Device.cuda(0));   // the emulated device in these tests
        String table = html(Displays.of(onDevice, new Renderer()));
        assertTrue(table.contains("shape (2, 2, 2), float32, cuda:0") && table.contains("device=cuda:0)</pre>"), table);
    }

    @Test
    void aLargeArrayOnTheDeviceIsCutWhereItIs() {
        NDArray onDevice = NDArray.arange(2000).reshape(40, 50).to(org.jgrad.tensor.Device.cuda(0));
        String table = html(Displays.of(onDevice, new Renderer()));
        assertTrue(table.contains("int64, cuda:0") && table.contains(">1999<") && table.contains(">…<"), table);
    }

    @Test
    void aModuleShowsItsTree() {
        DisplayData d = Displays.of(new Sequential(new Linear(4, 3)), new Renderer());
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).contains("# 15 parameters"), String.valueOf(d.getData(MIMEType.TEXT_PLAIN)));
    }

    @Test
    void imagesArePngsOfTheirSize() throws Exception {
        DisplayData d = Displays.of(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), new Renderer());
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) d.getData(MIMEType.parse("image/png")))));
        assertEquals(30, back.getWidth());
        assertEquals(20, back.getHeight());
        assertEquals("PNG image, 30x20", d.getData(MIMEType.TEXT_PLAIN));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Png(new byte[] {1, 2, 3})).getMessage().contains("not a PNG image"));
        assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> Png.writtenBy(p -> { throw new java.io.IOException("disk full"); }))
                .getMessage().contains("disk full"));
    }

    @Test
    void aBenchRunShowsItsReportWithTheChartsInline() throws Exception {
        var report = org.jgrad.bench.report.JsonReport.read(java.nio.file.Path.of("../bench/results/cpu-quick-2026-11-27/bench.json"));
        DisplayData d = Displays.of(report, new Renderer());
        String markdown = (String) d.getData(MIMEType.parse("text/markdown"));
        assertTrue(markdown.startsWith("# jgrad bench ("), markdown.substring(0, Math.min(200, markdown.length())));
        assertTrue(markdown.contains("](data:image/png;base64,iVBOR") && !markdown.contains("](throughput.png)"), "charts inline, no file links");
    }

    @Test
    void aProgressBarIsShownOnceThenUpdatedInPlace() {
        List<DisplayData> shown = new ArrayList<>(), updated = new ArrayList<>();
        ProgressBarRun run = new ProgressBarRun(new CellProgress(shown::add, updated::add));
        run.phase(5);
        run.phase(5);
        assertEquals(1, shown.size(), "one bar for the whole fit, each phase redraws it");
        assertTrue(updated.size() >= 1, "at least the final redraw");
        String id = shown.get(0).getDisplayId();
        assertTrue(updated.stream().allMatch(u -> u.getDisplayId().equals(id)), "every update replaces the bar shown");
        String last = html(updated.get(updated.size() - 1));
        assertTrue(last.contains("<progress value=\"5\" max=\"5\"") && last.contains("train 0: 5/5 batches, loss 0.5000"), last);
        assertTrue(updated.stream().anyMatch(u -> html(u).contains("<progress value=\"0\" max=\"5\"")), "the second phase starts from 0");
    }

    /** Drives a display like the progress printer does. */
    private record ProgressBarRun(CellProgress display) {
        void phase(int batches) {
            var bar = display.start("train", 0, batches);
            for (int i = 1; i <= batches; i++) bar.update(i, 0.5, 100);
            bar.finish();
        }
    }
}
