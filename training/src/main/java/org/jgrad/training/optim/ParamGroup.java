package org.jgrad.training.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jgrad.autograd.Tensor;

/**
 * A set of parameters that share hyperparameters, as a PyTorch {@code param_group}.
 *
 * <p>Hyperparameters are doubles under fixed keys ({@link #LR}, {@link #MOMENTUM}, {@link #BETA2},
 * {@link #EPS}, {@link #WEIGHT_DECAY}, {@link #DAMPENING}, {@link #ALPHA}). A group built by the
 * user holds only what it overrides; the {@link Optimizer} fills every other key from its defaults
 * when it takes the group, and checks every value. {@link #MOMENTUM} is SGD's and RMSprop's
 * momentum and Adam's β₁ (fastai calls both {@code mom}), so one schedule moves either.
 *
 * <p>Two tags tie a group to a model's layer groups (see {@link LayerGroups}): the index of the
 * layer group its parameters come from ({@link #layerGroup()}, used by discriminative learning
 * rates and by freezing) and whether they belong to a normalization layer ({@link #isNormalization()},
 * which may keep training while their layer group is frozen).
 */
public final class ParamGroup {
    public static final String LR = "lr";
    /** SGD/RMSprop momentum, Adam's β₁. */
    public static final String MOMENTUM = "momentum";
    /** Adam's β₂ (fastai's {@code sqr_mom}). */
    public static final String BETA2 = "beta2";
    public static final String EPS = "eps";
    public static final String WEIGHT_DECAY = "weight_decay";
    /** SGD's dampening. */
    public static final String DAMPENING = "dampening";
    /** RMSprop's smoothing constant α. */
    public static final String ALPHA = "alpha";

    private final List<Tensor> params;
    private final List<String> names;
    private final Map<String, Double> hyper = new LinkedHashMap<>();
    private int layerGroup;
    private boolean normalization;
    private boolean frozen;

    private ParamGroup(List<Tensor> params, List<String> names) {
        for (Tensor p : params) {
            Objects.requireNonNull(p, "ParamGroup: a parameter is null");
            if (!p.isLeaf()) throw new IllegalArgumentException("ParamGroup: parameters must be leaf tensors, got the result of '" + p.gradFn().name() + "'");
        }
        this.params = List.copyOf(params);
        this.names = names == null ? null : List.copyOf(names);
    }

    /** A group of {@code params} with no overrides. */
    public static ParamGroup of(List<Tensor> params) {
        return new ParamGroup(params, null);
    }

    public static ParamGroup of(Tensor... params) {
        return new ParamGroup(List.of(params), null);
    }

    /** A group of named parameters (names are shown in messages and kept for inspection). */
    public static ParamGroup of(Map<String, Tensor> named) {
        return new ParamGroup(new ArrayList<>(named.values()), new ArrayList<>(named.keySet()));
    }

    public List<Tensor> params() { return params; }

    /** The parameters' names, or null when the group was built from bare tensors. */
    public List<String> names() { return names; }

    // ---------------------------------------------------------------- hyperparameters

    /** Sets a hyperparameter (checked by the optimizer at its next step). */
    public ParamGroup set(String key, double value) {
        hyper.put(Objects.requireNonNull(key), value);
        return this;
    }

    /** The value under {@code key}; fails if neither the user nor the optimizer set it. */
    public double get(String key) {
        Double v = hyper.get(key);
        if (v == null) throw new IllegalArgumentException("ParamGroup: no hyperparameter '" + key + "' (has " + hyper.keySet() + ")");
        return v;
    }

    public boolean has(String key) { return hyper.containsKey(key); }

    /** The hyperparameters, read-only. */
    public Map<String, Double> hyperparameters() { return Collections.unmodifiableMap(hyper); }

    void putIfAbsent(String key, double value) { hyper.putIfAbsent(key, value); }

    public double lr() { return get(LR); }
    public ParamGroup lr(double lr) { return set(LR, lr); }
    public double momentum() { return get(MOMENTUM); }
    public ParamGroup momentum(double m) { return set(MOMENTUM, m); }
    public double weightDecay() { return get(WEIGHT_DECAY); }
    public ParamGroup weightDecay(double wd) { return set(WEIGHT_DECAY, wd); }

    // ---------------------------------------------------------------- layer groups, freezing

    /** Index of the model's layer group these parameters come from (0 unless set). */
    public int layerGroup() { return layerGroup; }

    public ParamGroup layerGroup(int index) {
        if (index < 0) throw new IllegalArgumentException("ParamGroup: layer group index must be >= 0, got " + index);
        this.layerGroup = index;
        return this;
    }

    /** Whether these are parameters of a normalization layer (BatchNorm, LayerNorm). */
    public boolean isNormalization() { return normalization; }

    public ParamGroup normalization(boolean on) {
        this.normalization = on;
        return this;
    }

    /** A frozen group takes no update and its gradients are cleared at every step. */
    public boolean isFrozen() { return frozen; }

    void frozen(boolean on) { this.frozen = on; }

    /** Keys in the order they are printed; others follow alphabetically. */
    private static final List<String> PRINT_ORDER = List.of(LR, MOMENTUM, BETA2, EPS, WEIGHT_DECAY, DAMPENING, ALPHA);
    /** Parameter names printed before the rest are summarized. */
    private static final int NAMES_SHOWN = 4;

    /**
     * One line, e.g. {@code layer group 0, 2 parameters (0.weight, 2.weight): lr=0.001, momentum=0.9,
     * weight_decay=0.01}, the hyperparameters in a fixed order.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("layer group ").append(layerGroup).append(", ").append(params.size())
                .append(params.size() == 1 ? " parameter" : " parameters");
        if (names != null) {
            List<String> shown = names.subList(0, Math.min(NAMES_SHOWN, names.size()));
            sb.append(" (").append(String.join(", ", shown)).append(names.size() > NAMES_SHOWN ? ", …" : "").append(')');
        }
        if (normalization) sb.append(", normalization");
        if (frozen) sb.append(", frozen");
        List<String> keys = new ArrayList<>(hyper.keySet());
        keys.sort(Comparator.comparingInt((String k) -> PRINT_ORDER.contains(k) ? PRINT_ORDER.indexOf(k) : PRINT_ORDER.size()).thenComparing(k -> k));
        String sep = ": ";
        for (String k : keys) {
            sb.append(sep).append(k).append('=').append(compact(hyper.get(k)));
            sep = ", ";
        }
        return sb.toString();
    }

    /** Four significant digits, without trailing zeros: 0.001, 1.514e-05, 0.9498, 0. */
    private static String compact(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e), exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + exponent;
    }
}
