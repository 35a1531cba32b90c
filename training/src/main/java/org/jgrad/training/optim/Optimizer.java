package org.jgrad.training.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * Updates parameters from their gradients, group by group.
 *
 * <p>Each {@link ParamGroup} carries its own hyperparameters; keys a group does not set take the
 * optimizer's defaults. Every hyperparameter is checked, with a message naming the optimizer, the
 * hyperparameter, the allowed range and the value, when the optimizer is built and again at every
 * {@link #step()} (schedules change them between steps).
 *
 * <p>{@link #step()} works under {@link GradMode#noGrad()}, with {@link NDArray} ops only, so it runs
 * on any backend; it writes each new value into the parameter's array with {@link NDArray#assign}
 * (in place: modules and views that share it see the change). Parameters whose gradient is null
 * are skipped: no update, no state, their step count unchanged (as PyTorch).
 *
 * <p><b>Freezing.</b> {@link #freezeTo(int)} marks the parameter groups of the first layer groups
 * frozen and turns off their parameters' {@code requiresGrad}, so backward computes no gradient
 * for them (convolutions skip their weight gradients); at each step they take no update and gain
 * no state.
 * With {@link #trainNormalization(boolean) trainNormalization} on (the default, fastai's
 * {@code train_bn=True}), groups tagged {@link ParamGroup#isNormalization() normalization} keep
 * training inside frozen layer groups.
 *
 * <p><b>State.</b> {@link #stateDict()} returns every hyperparameter of every group and every
 * parameter's state (step count and buffers) as arrays keyed by group and parameter index;
 * {@link #loadStateDict(Map)} restores it, so training continues exactly as it would have.
 */
public abstract class Optimizer {
    private final String name;
    private final List<ParamGroup> groups;
    private final List<List<ParamState>> state = new ArrayList<>();
    private final int layerGroupCount;
    private boolean trainNormalization = true;
    private int frozenLayerGroups;

    /**
     * @param name     shown in messages, e.g. "Adam"
     * @param groups   the parameter groups; a parameter may appear in one group only
     * @param defaults values for every hyperparameter key this optimizer uses
     */
    protected Optimizer(String name, List<ParamGroup> groups, Map<String, Double> defaults) {
        this.name = name;
        if (groups == null || groups.isEmpty()) throw new IllegalArgumentException(name + ": needs at least one parameter group");
        this.groups = List.copyOf(groups);
        IdentityHashMap<Tensor, Integer> seen = new IdentityHashMap<>();
        int maxLayerGroup = 0;
        for (int g = 0; g < this.groups.size(); g++) {
            ParamGroup group = this.groups.get(g);
            new TreeMap<>(defaults).forEach(group::putIfAbsent);   // by name: a Map.of's order changes from run to run
            List<ParamState> states = new ArrayList<>();
            for (Tensor p : group.params()) {
                if (!p.requiresGrad()) throw new IllegalArgumentException(name + ": parameter " + paramLabel(g, states.size()) + " does not require grad");
                if (!p.dtype().isFloating()) throw new IllegalArgumentException(name + ": parameter " + paramLabel(g, states.size()) + " is not floating: " + p.dtype());
                Integer before = seen.put(p, g);
                if (before != null) throw new IllegalArgumentException(name + ": a parameter appears more than once (groups " + before + " and " + g + ")");
                states.add(new ParamState());
            }
            state.add(states);
            maxLayerGroup = Math.max(maxLayerGroup, group.layerGroup());
        }
        this.layerGroupCount = maxLayerGroup + 1;
        validateAll();
    }

    /** The optimizer's name as used in messages ("SGD", "Adam", ...). */
    public String name() { return name; }

    /** The parameter groups, in order. */
    public List<ParamGroup> paramGroups() { return groups; }

    /** Number of layer groups (1 + the largest {@link ParamGroup#layerGroup()}). */
    public int layerGroupCount() { return layerGroupCount; }

    /** The state of parameter {@code index} of group {@code group}. */
    public ParamState state(int group, int index) { return state.get(group).get(index); }

    // ================================================================ validation

    /** Checks every hyperparameter of {@code group}; throws IllegalArgumentException via the check helpers. */
    protected abstract void validate(ParamGroup group, String where);

    private void validateAll() {
        for (int g = 0; g < groups.size(); g++) validate(groups.get(g), groups.size() > 1 ? " (parameter group " + g + ")" : "");
    }

    /** Fails unless {@code v >= min}: "NAME: label must be >= min, got v". */
    protected final void checkAtLeast(String label, double v, double min, String where) {
        if (!(v >= min)) throw new IllegalArgumentException(name + ": " + label + " must be >= " + fmt(min) + ", got " + fmt(v) + where);
    }

    /** Fails unless {@code lo <= v < hi}: "NAME: label must be in [lo, hi), got v". */
    protected final void checkHalfOpen(String label, double v, double lo, double hi, String where) {
        if (!(v >= lo && v < hi)) throw new IllegalArgumentException(name + ": " + label + " must be in [" + fmt(lo) + ", " + fmt(hi) + "), got " + fmt(v) + where);
    }

    /** Fails unless {@code lo <= v <= hi}: "NAME: label must be in [lo, hi], got v". */
    protected final void checkClosed(String label, double v, double lo, double hi, String where) {
        if (!(v >= lo && v <= hi)) throw new IllegalArgumentException(name + ": " + label + " must be in [" + fmt(lo) + ", " + fmt(hi) + "], got " + fmt(v) + where);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    // ================================================================ stepping

    /** One update of every trainable parameter that has a gradient. */
    public final void step() {
        validateAll();
        checkGradients();
        try (var scope = GradMode.noGrad()) {
            for (int g = 0; g < groups.size(); g++) {
                ParamGroup group = groups.get(g);
                List<Tensor> params = group.params();
                if (group.isFrozen()) {
                    for (Tensor p : params) p.zeroGrad();
                    continue;
                }
                for (int i = 0; i < params.size(); i++) {
                    Tensor p = params.get(i);
                    NDArray grad = p.grad();
                    if (grad == null) continue;
                    ParamState s = state.get(g).get(i);
                    s.step(s.step() + 1);
                    update(group, p, grad, s);
                }
            }
        }
    }

    /** Checks every gradient before any parameter changes, so a bad one fails the step as a whole. */
    private void checkGradients() {
        for (int g = 0; g < groups.size(); g++) {
            List<Tensor> params = groups.get(g).params();
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                NDArray grad = p.grad();
                if (grad == null) continue;
                if (!grad.dtype().isFloating())
                    throw new IllegalArgumentException(name + ": the gradient of parameter " + paramLabel(g, i) + " " + Shapes.format(p.shape())
                            + " is " + grad.dtype() + "; gradients must be floating (the parameter is " + p.dtype() + ")");
                if (!grad.device().equals(p.device()))
                    throw new IllegalArgumentException(name + ": the gradient of parameter " + paramLabel(g, i) + " " + Shapes.format(p.shape())
                            + " is on " + grad.device() + ", the parameter on " + p.device());
            }
        }
    }

    /**
     * Updates one parameter: {@code state.step()} already counts this update. Implementations
     * compute with NDArray ops and write the result with {@code param.data().assign(...)}.
     */
    protected abstract void update(ParamGroup group, Tensor param, NDArray grad, ParamState state);

    /** Clears the gradient of every parameter of every group. */
    public void zeroGrad() {
        for (ParamGroup g : groups) for (Tensor p : g.params()) p.zeroGrad();
    }

    // ================================================================ hyperparameters by layer group

    /**
     * Sets the learning rate: one value for every group, or one per layer group (e.g. from
     * {@link Lr#values(int)}), each applied to every parameter group of that layer group.
     */
    public void setLr(double... lrs) {
        set(ParamGroup.LR, lrs);
    }

    /** Sets hyperparameter {@code key}: one value for all groups, or one per layer group. */
    public void set(String key, double... values) {
        if (values.length != 1 && values.length != layerGroupCount)
            throw new IllegalArgumentException(name + ": expected 1 or " + layerGroupCount + " values (one per layer group) for " + key + ", got " + values.length);
        for (ParamGroup g : groups) g.set(key, values.length == 1 ? values[0] : values[g.layerGroup()]);
    }

    // ================================================================ freezing

    /**
     * Freezes layer groups {@code 0 .. n-1} and unfreezes the rest; a negative {@code n} counts
     * from the end ({@code -1}: all but the last), as fastai's {@code freeze_to}.
     */
    public void freezeTo(int n) {
        int k = n < 0 ? layerGroupCount + n : n;
        if (k < 0 || k > layerGroupCount)
            throw new IllegalArgumentException(name + ": freezeTo(" + n + ") out of range for " + layerGroupCount + " layer groups");
        frozenLayerGroups = k;
        applyFreezing();
    }

    /** Trains only the last layer group (and normalization layers, see {@link #trainNormalization}). */
    public void freeze() { freezeTo(-1); }

    /** Trains every layer group. */
    public void unfreeze() { freezeTo(0); }

    /** Whether normalization parameters keep training in frozen layer groups (default true). */
    public void trainNormalization(boolean on) {
        trainNormalization = on;
        applyFreezing();
    }

    public boolean trainNormalization() { return trainNormalization; }

    /** Number of frozen layer groups (the first ones). */
    public int frozenLayerGroups() { return frozenLayerGroups; }

    /** Marks groups frozen and stops (or restarts) gradient tracking of their parameters, so backward skips them. */
    private void applyFreezing() {
        for (ParamGroup g : groups) {
            boolean frozen = g.layerGroup() < frozenLayerGroups && !(trainNormalization && g.isNormalization());
            g.frozen(frozen);
            for (Tensor p : g.params()) p.setRequiresGrad(!frozen);
        }
    }

    // ================================================================ state

    /**
     * The optimizer's state as arrays: {@code param_groups.G.KEY} (float64 scalars, every
     * hyperparameter of group G), {@code state.G.I.step} (int64 scalar) and {@code state.G.I.BUFFER}
     * (a copy of each buffer) for parameter I of group G that has taken a step. Can be written
     * with the safetensors writer next to the model's weights.
     */
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            for (Map.Entry<String, Double> e : groups.get(g).hyperparameters().entrySet())
                out.put("param_groups." + g + "." + e.getKey(), NDArray.scalar(e.getValue(), DType.FLOAT64));
            List<ParamState> states = state.get(g);
            for (int i = 0; i < states.size(); i++) {
                ParamState s = states.get(i);
                if (s.isEmpty()) continue;
                out.put("state." + g + "." + i + ".step", NDArray.scalar(s.step(), DType.INT64));
                for (Map.Entry<String, NDArray> b : s.buffers().entrySet())
                    out.put("state." + g + "." + i + "." + b.getKey(), b.getValue().copy());
            }
        }
        return out;
    }

    /**
     * Restores a {@link #stateDict()}: hyperparameters of the groups it names, and the state of
     * every parameter (parameters it does not mention start afresh). Everything is checked first
     * (group and parameter indices, hyperparameter names, buffer shapes, unknown keys); on error
     * nothing changes.
     * Buffers are converted to the parameter's dtype and device.
     */
    public void loadStateDict(Map<String, NDArray> dict) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Map<String, Double>> hyper = new LinkedHashMap<>();
        Map<String, ParamState> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : dict.entrySet()) {
            String key = e.getKey();
            String[] parts = key.split("\\.", 4);
            NDArray v = e.getValue();
            try {
                if (parts.length == 3 && parts[0].equals("param_groups")) {
                    int g = Integer.parseInt(parts[1]);
                    if (g < 0 || g >= groups.size()) { problems.add("'" + key + "': the optimizer has " + groups.size() + " parameter groups"); continue; }
                    if (v.numel() != 1) { problems.add("'" + key + "': a hyperparameter must be one value, got shape " + Shapes.format(v.shape())); continue; }
                    if (!groups.get(g).has(parts[2])) {   // would be added, and survive the rollback below
                        problems.add("'" + key + "': " + name + " has no hyperparameter '" + parts[2] + "' (group " + g + " has "
                                + groups.get(g).hyperparameters().keySet() + ")");
                        continue;
                    }
                    hyper.computeIfAbsent(g, k -> new LinkedHashMap<>()).put(parts[2], v.item());
                } else if (parts.length == 4 && parts[0].equals("state")) {
                    int g = Integer.parseInt(parts[1]), i = Integer.parseInt(parts[2]);
                    if (g < 0 || g >= groups.size() || i < 0 || i >= groups.get(g).params().size()) {
                        problems.add("'" + key + "': no parameter " + i + " in group " + g);
                        continue;
                    }
                    ParamState s = fresh.computeIfAbsent(g + "." + i, k -> new ParamState());
                    Tensor p = groups.get(g).params().get(i);
                    if (parts[3].equals("step")) {
                        if (v.numel() != 1) { problems.add("'" + key + "': the step count must be one value"); continue; }
                        s.step((long) v.item());
                    } else {
                        if (!Arrays.equals(v.shape(), p.shape())) {
                            problems.add("'" + key + "': shape " + Shapes.format(v.shape()) + ", the parameter has " + Shapes.format(p.shape()));
                            continue;
                        }
                        s.put(parts[3], v.to(p.dtype()).to(p.device()).copy());
                    }
                } else {
                    problems.add("unexpected key '" + key + "'");
                }
            } catch (NumberFormatException ex) {
                problems.add("unexpected key '" + key + "'");
            }
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(name + ".loadStateDict: " + String.join("; ", problems));
        List<Map<String, Double>> previous = new ArrayList<>();
        for (ParamGroup g : groups) previous.add(new LinkedHashMap<>(g.hyperparameters()));
        hyper.forEach((g, m) -> m.forEach(groups.get(g)::set));
        try {
            validateAll();
        } catch (IllegalArgumentException e) {   // an invalid saved hyperparameter: put the old ones back
            for (int g = 0; g < groups.size(); g++) previous.get(g).forEach(groups.get(g)::set);
            throw e;
        }
        for (int g = 0; g < groups.size(); g++) {
            List<ParamState> states = state.get(g);
            for (int i = 0; i < states.size(); i++) {
                ParamState s = fresh.get(g + "." + i);
                states.set(i, s == null ? new ParamState() : s);
            }
        }
    }

    /** The parameter's label in messages: its name if the group has names, else "G.I". */
    protected final String paramLabel(int group, int index) {
        List<String> names = groups == null ? null : groups.get(group).names();
        return names != null ? "'" + names.get(index) + "'" : group + "." + index;
    }

    /** The name, then one line per parameter group (see {@link ParamGroup#toString()}). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(", ").append(groups.size()).append(groups.size() == 1 ? " parameter group" : " parameter groups");
        for (int g = 0; g < groups.size(); g++) sb.append("\n  ").append(g).append(": ").append(groups.get(g));
        return sb.toString();
    }
}
