package org.jgrad.training.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jgrad.tensor.random.Generator;

/**
 * The usual {@link Splitter}s (fastai's {@code RandomSplitter}, {@code GrandparentSplitter},
 * {@code IndexSplitter}).
 */
public final class Splitters {
    private Splitters() {}

    /**
     * A seeded random fraction {@code validPct} of the items for validation
     * ({@code floor(validPct · n)} of them, as fastai), the rest for training; the same seed gives
     * the same split.
     */
    public static <I> Splitter<I> random(double validPct, long seed) {
        if (!(validPct >= 0 && validPct < 1)) throw new IllegalArgumentException("Splitters.random: validPct must be in [0, 1), got " + validPct);
        return items -> {
            int n = items.size(), cut = (int) (validPct * n);
            long[] order = Permutations.random(n, new Generator(seed), 0).toLongArray();
            int[] valid = new int[cut], train = new int[n - cut];
            for (int k = 0; k < n; k++) {
                if (k < cut) valid[k] = (int) order[k];
                else train[k - cut] = (int) order[k];
            }
            Arrays.sort(valid);
            Arrays.sort(train);
            return new Splitter.Indices(train, valid);
        };
    }

    /**
     * By the folder above the class folder of image files: {@code root/train/cat/1.png} is a
     * training item, {@code root/valid/cat/2.png} a validation item (fastai's
     * {@code GrandparentSplitter}); files under neither folder are left out. Either set empty is
     * an error naming the folders found.
     */
    public static Splitter<Path> byFolder(String trainFolder, String validFolder) {
        return byFolder(Function.identity(), trainFolder, validFolder);
    }

    /** {@link #byFolder(String, String)} on the file that {@code path} takes from each item. */
    public static <I> Splitter<I> byFolder(Function<? super I, Path> path, String trainFolder, String validFolder) {
        Objects.requireNonNull(trainFolder);
        Objects.requireNonNull(validFolder);
        return items -> {
            IntStream.Builder train = IntStream.builder(), valid = IntStream.builder();
            TreeSet<String> seen = new TreeSet<>();
            for (int i = 0; i < items.size(); i++) {
                Path p = path.apply(items.get(i)), grand = p.getParent() == null ? null : p.getParent().getParent();
                String g = grand == null || grand.getFileName() == null ? "" : grand.getFileName().toString();
                seen.add(g);
                if (g.equals(trainFolder)) train.add(i);
                else if (g.equals(validFolder)) valid.add(i);
            }
            Splitter.Indices s = new Splitter.Indices(train.build().toArray(), valid.build().toArray());
            if (s.train().length == 0 || s.valid().length == 0)
                throw new IllegalArgumentException("Splitters.byFolder: no " + (s.train().length == 0 ? "training" : "validation")
                        + " items: expected files in <" + trainFolder + ">/<class>/ and <" + validFolder + ">/<class>/; the files are under "
                        + seen);
            return s;
        };
    }

    /** The items at {@code validIndices} for validation, all others for training (fastai's {@code IndexSplitter}). */
    public static <I> Splitter<I> byIndex(int... validIndices) {
        int[] v = validIndices.clone();
        return items -> {
            BitSet isValid = new BitSet(items.size());
            for (int i : v) isValid.set(Objects.checkIndex(i, items.size()));
            int[] valid = isValid.stream().toArray();
            int[] train = IntStream.range(0, items.size()).filter(i -> !isValid.get(i)).toArray();
            return new Splitter.Indices(train, valid);
        };
    }

    /** {@link #byIndex(int...)} with the indices in a collection. */
    public static <I> Splitter<I> byIndex(Collection<Integer> validIndices) {
        return byIndex(validIndices.stream().mapToInt(Integer::intValue).toArray());
    }
}
