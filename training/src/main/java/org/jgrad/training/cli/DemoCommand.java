package org.jgrad.training.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jgrad.tensor.Conv2dParams;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * {@code jgrad demo [--size N]}: a tour of the tensor library (views, broadcasting, reductions,
 * softmax, convolution) ending with a measured float32 matmul on the CPU. It stands in for
 * {@code jgrad train} until training exists.
 */
final class DemoCommand {
    private DemoCommand() {}

    /** Its one option. */
    static final CommandHelp HELP = new CommandHelp("demo", "",
            "a short tour of the tensor library ending with a measured CPU matmul", List.of(),
            List.of(CommandHelp.option("--size", "N", "side of the square matrices of the timed matmul (default 1024)")));

    static void run(String[] args, PrintStream out) {
        int size = 1024;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--size") && i + 1 < args.length) size = Integer.parseInt(args[++i]);
            else throw new IllegalArgumentException("unknown option '" + args[i] + "' (expected --size N)");
        }
        if (size < 1) throw new IllegalArgumentException("--size must be >= 1, got " + size);
        Generator g = new Generator(42);

        NDArray a = NDArray.arange(6).to(DType.FLOAT32).reshape(2, 3);
        out.println("a = arange(6).reshape(2, 3)\n" + a);
        out.println("\na.mT() is a view: strides " + Arrays.toString(a.mT().strides()) + ", same storage: " + (a.mT().storage() == a.storage()));
        out.println("\na + [10, 20, 30] broadcasts:\n" + a.add(NDArray.of(10f, 20f, 30f)));
        out.println("\na.sum(1) = " + a.sum(1) + "\na.mean() = " + a.mean());
        out.println("\nsoftmax(a, axis 1):\n" + a.softmax(1));
        NDArray image = NDArray.randn(g, DType.FLOAT32, 1, 1, 5, 5);
        NDArray edge = NDArray.fromArray(new float[][][][] {{{{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}}});
        out.println("\nconv2d of a random 5×5 image with a Sobel kernel (padding 1):\n" + image.conv2d(edge, Conv2dParams.DEFAULT.padding(1)));

        NDArray x = NDArray.randn(g, DType.FLOAT32, size, size), y = NDArray.randn(g, DType.FLOAT32, size, size);
        for (int i = 0; i < 2; i++) x.matmul(y); // warm-up
        double[] seconds = new double[5];
        for (int i = 0; i < seconds.length; i++) {
            long t0 = System.nanoTime();
            x.matmul(y);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(seconds);
        double median = seconds[seconds.length / 2];
        out.printf(Locale.ROOT, "%nfloat32 matmul %d×%d·%d×%d on the CPU: median %.2f ms of %d runs = %.1f GFLOP/s (%s)%n",
                size, size, size, size, median * 1e3, seconds.length, 2.0 * size * size * size / median / 1e9, InfoCommand.cpuModel());
    }
}
