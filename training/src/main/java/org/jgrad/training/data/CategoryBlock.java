package org.jgrad.training.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.LossFunction;
import org.jgrad.training.learner.Metric;

/**
 * A single-class target for a {@link DataBlock} (fastai's {@code CategoryBlock}): each label (any
 * object, taken by its {@link String#valueOf text}) becomes an int64 class index into a vocabulary.
 * Unless one is given, the vocabulary is the distinct labels of the <em>training</em> items,
 * sorted: as numbers when every label is a number ({@code "2"} before {@code "10"}), else as text.
 * A validation label outside the vocabulary is an error naming it.
 *
 * <p>Default loss: {@link CrossEntropyLoss} on the model's logits; default metric: {@link Accuracy}.
 */
public final class CategoryBlock implements TargetBlock<Object> {
    private final List<String> vocab;

    /** The vocabulary is built from the training labels. */
    public CategoryBlock() {
        this.vocab = null;
    }

    private CategoryBlock(List<String> vocab) {
        this.vocab = vocab;
    }

    /** A fixed vocabulary: class i is {@code vocab.get(i)}. */
    public static CategoryBlock withVocab(List<String> vocab) {
        if (new LinkedHashSet<>(vocab).size() != vocab.size()) throw new IllegalArgumentException("CategoryBlock: repeated class in " + vocab);
        return new CategoryBlock(List.copyOf(vocab));
    }

    @Override
    public Encoding<Object> setup(List<?> trainLabels) {
        List<String> v = vocab != null ? vocab : sortedVocab(trainLabels.stream().map(String::valueOf).toList());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < v.size(); i++) index.put(v.get(i), i);
        return new Encoding<>() {
            @Override
            public NDArray encode(List<?> labels) {
                long[] out = new long[labels.size()];
                for (int k = 0; k < out.length; k++) {
                    String label = String.valueOf(labels.get(k));
                    Integer c = index.get(label);
                    if (c == null)
                        throw new IllegalArgumentException("CategoryBlock: label '" + label + "' (item " + k + ") is not in the vocabulary "
                                + abbreviate(v) + (vocab == null ? " (built from the training labels)" : ""));
                    out[k] = c;
                }
                return HostArrays.i64(out, out.length);
            }

            @Override
            public List<String> vocab() {
                return v;
            }
        };
    }

    @Override
    public LossFunction defaultLoss() {
        return new CrossEntropyLoss()::forward;
    }

    @Override
    public List<Metric> defaultMetrics() {
        return List.of(new Accuracy());
    }

    /** The distinct labels, sorted as numbers when all are numbers, else as text. */
    public static List<String> sortedVocab(Collection<String> labels) {
        Set<String> distinct = new LinkedHashSet<>(labels);
        List<String> out = new ArrayList<>(distinct);
        boolean numeric = out.stream().allMatch(CategoryBlock::isNumber);
        if (numeric) out.sort((a, b) -> {
            int c = Double.compare(Double.parseDouble(a), Double.parseDouble(b));
            return c != 0 ? c : a.compareTo(b);
        });
        else out.sort(null);
        return List.copyOf(out);
    }

    private static boolean isNumber(String s) {
        try {
            return !Double.isNaN(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(List<String> v) {
        return v.size() <= 20 ? v.toString() : v.subList(0, 20) + " (and " + (v.size() - 20) + " more)";
    }

    @Override
    public String toString() {
        return "CategoryBlock(" + (vocab == null ? "vocab from the training labels" : vocab) + ")";
    }
}
