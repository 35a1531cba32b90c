package org.jgrad.training.data;

import java.util.Objects;
import java.util.function.Function;
import org.jgrad.tensor.NDArray;

/**
 * A numeric input for a {@link DataBlock}: a fixed number of features taken from each item, as
 * float32 {@code (size)}; a table row's columns, for example.
 *
 * <pre>{@code
 * int[] pixels = IntStream.range(0, 64).toArray();
 * VectorBlock<CsvTable.Row> in = VectorBlock.of(64, row -> row.numbers(pixels));
 * }</pre>
 *
 * @param <I> the item type
 */
public final class VectorBlock<I> implements InputBlock<I> {
    private final int size;
    private final Function<? super I, float[]> features;

    private VectorBlock(int size, Function<? super I, float[]> features) {
        if (size < 1) throw new IllegalArgumentException("VectorBlock: size must be >= 1, got " + size);
        this.size = size;
        this.features = Objects.requireNonNull(features, "features");
    }

    /** {@code size} features of each item, as {@code features} computes them. */
    public static <I> VectorBlock<I> of(int size, Function<? super I, float[]> features) {
        return new VectorBlock<>(size, features);
    }

    /** The number of features. */
    public int size() {
        return size;
    }

    @Override
    public NDArray encode(I item) {
        float[] v = features.apply(item);
        if (v.length != size) throw new IllegalArgumentException("VectorBlock: " + v.length + " features for item " + item + ", expected " + size);
        return HostArrays.f32(v.clone(), size);
    }
}
