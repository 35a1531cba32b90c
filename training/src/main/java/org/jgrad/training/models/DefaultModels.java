package org.jgrad.training.models;

import java.util.ArrayList;
import java.util.List;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.tensor.random.Generator;

/**
 * The model {@code jgrad train} builds for each kind of data: the one place that chooses.
 *
 * <ul>
 *   <li>{@link Input#GREY_IMAGES} (MNIST, Fashion-MNIST, an image folder; 28×28): the CNN of
 *       {@link MnistCnn}, channels 1→16→32→64→32→outputs ({@code basic}: 1→8→16→32→16→outputs).
 *   <li>{@link Input#RGB_IMAGES} (CIFAR-10, 32×32): the same five conv(3×3, stride 2)-BN-ReLU
 *       blocks from 3 channels, 3→16→32→64→32→outputs ({@code basic}: 3→8→16→32→16→outputs); they
 *       halve 32 → 16 → 8 → 4 → 2 → 1, so the last block gives the logits.
 *   <li>{@link Input#FEATURES} (a CSV table of F numeric columns): an MLP,
 *       F→128→ReLU→64→ReLU→outputs ({@code basic}: F→32→ReLU→outputs).
 * </ul>
 * Outputs are the number of classes, or 1 for a regression target.
 */
public final class DefaultModels {
    /** What the model reads. */
    public enum Input { GREY_IMAGES, RGB_IMAGES, FEATURES }

    private DefaultModels() {}

    /**
     * The model for {@code input}, initialized from {@code g}.
     *
     * @param features the number of input features (for {@link Input#FEATURES}; ignored otherwise)
     * @param outputs  classes, or 1 for a number
     * @param wide     the larger model (the default); false for the small {@code --basic} one
     */
    public static Module of(Input input, int features, int outputs, boolean wide, Generator g) {
        return switch (input) {
            case GREY_IMAGES -> wide ? MnistCnn.wide(g, outputs) : MnistCnn.basic(g, outputs);
            case RGB_IMAGES -> wide ? MnistCnn.of(g, 3, 16, 32, 64, 32, outputs) : MnistCnn.of(g, 3, 8, 16, 32, 16, outputs);
            case FEATURES -> wide ? mlp(g, features, 128, 64, outputs) : mlp(g, features, 32, outputs);
        };
    }

    /** Linear layers through the given widths, a ReLU between each two. */
    public static Module mlp(Generator g, int... widths) {
        if (widths.length < 2) throw new IllegalArgumentException("mlp: needs at least an input and an output width, got " + widths.length);
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            if (i > 0) layers.add(new Activations.ReLU());
            layers.add(new Linear(widths[i], widths[i + 1], true, g));
        }
        return new Sequential(layers.toArray(Module[]::new));
    }
}
