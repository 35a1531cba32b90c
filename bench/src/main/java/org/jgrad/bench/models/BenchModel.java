package org.jgrad.bench.models;

import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.BatchNorm2d;
import org.jgrad.nn.layers.Conv2d;
import org.jgrad.nn.layers.Flatten;
import org.jgrad.nn.layers.Residual;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.models.MnistCnn;

/**
 * The two end-to-end benchmark models, defined exactly so that any framework can build the same
 * (the PyTorch peers do: {@code bench/src/pytorch/java} and {@code bench/peers/pytorch_bench.py}).
 * Both take (N, 1, 28, 28) images and give (N, 10) logits.
 *
 * <ul>
 *   <li>{@link #BASIC_CNN} (a), the fastai lesson-7 basic MNIST CNN: five blocks
 *       conv(3×3, stride 2, padding 1, bias) → BatchNorm2d → ReLU with channels 1→8→16→32→16→10, the
 *       last block without ReLU, then flatten; the image shrinks 28→14→7→4→2→1.
 *       Parameters: Σ over blocks of (9·Cin·Cout + Cout) + 2·Cout = 12,126.</li>
 *   <li>{@link #RESIDUAL_CNN} (b): the same, with a residual block after each of the first four blocks:
 *       y = x + body(x), body = two conv(3×3, stride 1, padding 1, bias) → BatchNorm2d → ReLU at the
 *       block's channel count C (identity shortcut). Each adds 2·(9·C² + C + 2·C) parameters, for
 *       C = 8, 16, 32, 16: 1,200 + 4,704 + 18,624 + 4,704, so 41,358 in all.</li>
 * </ul>
 */
public enum BenchModel {
    BASIC_CNN("a", "lesson-7 basic CNN", 12_126),
    RESIDUAL_CNN("b", "basic CNN + residual blocks", 41_358);

    /** Channels of the five stride-2 blocks, input first. */
    static final int[] CHANNELS = {1, 8, 16, 32, 16, 10};

    private final String id;
    private final String description;
    private final long parameterCount;

    BenchModel(String id, String description, long parameterCount) {
        this.id = id;
        this.description = description;
        this.parameterCount = parameterCount;
    }

    /** The letter: "a" or "b". */
    public String id() { return id; }

    public String description() { return description; }

    /** The number of parameters the definition gives (checked against the built module in the tests). */
    public long parameterCount() { return parameterCount; }

    /** Builds the model with weights drawn from {@code g}. */
    public Module build(Generator g) {
        return switch (this) {
            case BASIC_CNN -> MnistCnn.basic(g);
            case RESIDUAL_CNN -> residual(g);
        };
    }

    /** The model whose {@link #id} is {@code id} ("a" or "b"). */
    public static BenchModel byId(String id) {
        for (BenchModel m : values()) if (m.id.equals(id)) return m;
        throw new IllegalArgumentException("bench model: expected a or b, got '" + id + "'");
    }

    private static Module residual(Generator g) {
        int blocks = CHANNELS.length - 1;
        Module[] layers = new Module[2 * (blocks - 1) + 2];
        int k = 0;
        for (int i = 0; i < blocks; i++) {
            int in = CHANNELS[i], out = CHANNELS[i + 1];
            Conv2d down = new Conv2d(in, out, 3, 2, 1, 1, 1, true, g);
            if (i + 1 == blocks) {
                layers[k++] = new Sequential(down, new BatchNorm2d(out));
            } else {
                layers[k++] = new Sequential(down, new BatchNorm2d(out), new Activations.ReLU());
                layers[k++] = new Residual(new Sequential(sameSizeBlock(out, g), sameSizeBlock(out, g)));
            }
        }
        layers[k] = new Flatten();
        return new Sequential(layers);
    }

    /** conv(3×3, stride 1, padding 1) → BatchNorm2d → ReLU at {@code channels} channels. */
    private static Module sameSizeBlock(int channels, Generator g) {
        return new Sequential(new Conv2d(channels, channels, 3, 1, 1, 1, 1, true, g), new BatchNorm2d(channels), new Activations.ReLU());
    }
}
