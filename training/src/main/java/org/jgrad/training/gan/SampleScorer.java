package org.jgrad.training.gan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.io.SafeTensors;
import org.jgrad.nn.io.SafeTensorsContent;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.DatasetCache;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.models.MnistCnn;
import org.jgrad.training.optim.Adam;

/**
 * A number besides the pictures: a small fixed classifier of the real data's classes (the
 * lesson-7 basic CNN, {@link MnistCnn#basic}, trained once for one epoch on the labelled training
 * images and cached) reads the generated images. For samples x₁ … x_N with class probabilities
 * p(c | xᵢ) = softmax(classifier(xᵢ)):
 * <ul>
 *   <li>{@code confident}: the share of samples with maxᶜ p(c | xᵢ) ≥ {@value #CONFIDENCE}, i.e.
 *       that look clearly like one class (0.88 for 2,000 real MNIST test digits with the
 *       scorer the command trains, 98.6% accurate: a one-epoch classifier is not very sure of itself,
 *       so read a GAN's share against that of real images, which {@code ./jgrad gan} prints);</li>
 *   <li>{@code class_entropy}: the entropy H = -Σᶜ qᶜ log₂ qᶜ of the histogram q of the predicted
 *       classes (argmax), in bits: log₂ 10 ≈ 3.32 when all ten classes appear equally often, 0 when
 *       the generator has collapsed onto one class.</li>
 * </ul>
 * A good generator scores high on both; neither alone suffices (one perfect digit repeated scores
 * confident 1 and entropy 0). This is a cheap stand-in for the Inception Score, not a replacement
 * for looking at the samples.
 */
public final class SampleScorer implements GanMetric {
    /** The probability a sample's top class needs to count as confident. */
    public static final double CONFIDENCE = 0.9;
    /** The metadata key of the cached classifier's test accuracy. */
    static final String ACCURACY_KEY = "test_accuracy";

    private final Module classifier;
    private final double testAccuracy;

    /** Scores with {@code classifier}: images (N, 1, 28, 28) in [0, 1] to class logits (N, C). */
    public SampleScorer(Module classifier, double testAccuracy) {
        this.classifier = classifier;
        this.testAccuracy = testAccuracy;
    }

    /** Moves the classifier to {@code device}, where the samples will be. */
    public SampleScorer classifierTo(Device device) {
        classifier.to(device);
        return this;
    }

    /** The classifier's accuracy on the held-out images when it was trained. */
    public double testAccuracy() {
        return testAccuracy;
    }

    /** The two numbers and the predicted-class counts of some images. */
    public record Score(double confidentShare, double classEntropyBits, int[] classCounts) {}

    /** Scores generated images (N, 1, 28, 28) in [-1, 1]. */
    public Score score(NDArray samples) {
        if (samples.rank() != 4 || samples.shape(1) != 1)
            throw new IllegalArgumentException("SampleScorer: expected grey images (N, 1, H, W), got " + Shapes.format(samples.shape()));
        float[] p;
        int classes;
        boolean wasTraining = classifier.isTraining();
        classifier.eval();
        try (var scope = GradMode.noGrad()) {
            Device d = classifier.parameters().get(0).device();
            Tensor probs = classifier.forward(Tensor.of(samples.to(d).add(1).mul(0.5))).softmax(1);   // (N, C)
            classes = probs.shape(1);
            p = probs.data().toFloatArray();
        } finally {
            if (wasTraining) classifier.train();
        }
        int n = samples.shape(0), confident = 0;
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
            counts[best]++;
            if (p[i * classes + best] >= CONFIDENCE) confident++;
        }
        double entropy = 0;
        for (int c : counts) if (c > 0) entropy -= (double) c / n * (Math.log((double) c / n) / Math.log(2));
        return new Score((double) confident / n, entropy, counts);
    }

    @Override
    public Map<String, Double> evaluate(NDArray samples) {
        Score s = score(samples);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("confident", s.confidentShare());
        out.put("class_entropy", s.classEntropyBits());
        return out;
    }

    /**
     * Where {@code ./jgrad gan} (and a test that scores as it does) caches the scorer of a data set:
     * {@code scorers/<id>-basic-cnn.safetensors} in the data cache ({@link DatasetCache#defaultRoot()}).
     */
    public static Path cacheFile(Dataset dataset) {
        return DatasetCache.defaultRoot().resolve("scorers").resolve(dataset.id() + "-basic-cnn.safetensors");
    }

    /**
     * The scorer cached in {@code file}, or, when there is none, one trained on {@code train}
     * (images (N, 1, 28, 28) in [0, 1], int64 labels below {@code classes}) for one epoch of one-cycle (fastai's Adam, peak lr 1e-2, batch 128,
     * seeded), checked on {@code test}, and cached there. Prints what it did on {@code out}.
     */
    public static SampleScorer cachedOrTrained(Path file, TensorDataset train, TensorDataset test, int classes, long seed, PrintStream out)
            throws IOException {
        Module classifier = MnistCnn.basic(new Generator(seed), classes);
        if (Files.isRegularFile(file)) {
            SafeTensorsContent content = SafeTensors.read(file);
            try {
                classifier.loadStateDict(content.tensors(), true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scorer " + file + ": " + e.getMessage() + " (delete it to train a new one)", e);
            }
            double accuracy = Double.parseDouble(content.metadata() == null ? "NaN" : content.metadata().getOrDefault(ACCURACY_KEY, "NaN"));
            out.printf(Locale.ROOT, "scorer: %s (test accuracy %.2f%%)%n", file, 100 * accuracy);
            return new SampleScorer(classifier, accuracy);
        }
        long start = System.nanoTime();
        DataLoaders dls = DataLoaders.of(train, test, 128, seed);
        Learner learn = new Learner(dls, classifier, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-3), List.of(new Accuracy()));
        learn.fitOneCycle(1, 1e-2);
        double accuracy = learn.recorder().epochs().get(0).metrics().get("accuracy");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ACCURACY_KEY, Double.toString(accuracy));
        meta.put("trained_on", train.size() + " images");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        SafeTensors.write(file, classifier.stateDict(), meta);
        out.printf(Locale.ROOT, "scorer: trained the basic CNN on %d images in %.1f s, test accuracy %.2f%%; cached in %s%n", train.size(),
                (System.nanoTime() - start) / 1e9, 100 * accuracy, file);
        return new SampleScorer(classifier, accuracy);
    }
}
