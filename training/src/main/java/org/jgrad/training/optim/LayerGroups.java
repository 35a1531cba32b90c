package org.jgrad.training.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.NormalizationLayer;

/**
 * A model cut into layer groups (fastai's {@code splitter}): the unit of discriminative learning
 * rates ({@link Lr}) and of freezing ({@link Optimizer#freezeTo}). Typically the pretrained body
 * in one or more groups and the new head last.
 *
 * <p>{@link #paramGroups()} turns them into optimizer parameter groups, up to three per layer
 * group, all tagged with its index:
 * <ol>
 *   <li>weights, with the optimizer's weight decay;</li>
 *   <li>biases (parameters named {@code bias}) of other layers, with weight decay 0;</li>
 *   <li>parameters of {@link NormalizationLayer}s, with weight decay 0 and tagged
 *       {@link ParamGroup#isNormalization() normalization}, so they can keep training while the
 *       layer group is frozen.</li>
 * </ol>
 * That is fastai's {@code wd_bn_bias=False}; {@link #paramGroups(boolean) paramGroups(true)} decays
 * them too. Empty groups are left out. A parameter shared by several modules is taken once, where
 * it is first met.
 */
public final class LayerGroups {
    private final List<Map<String, Module>> groups;
    private final Map<String, Tensor> rootParams;

    private LayerGroups(List<Map<String, Module>> groups, Map<String, Tensor> rootParams) {
        if (groups.isEmpty()) throw new IllegalArgumentException("LayerGroups: needs at least one layer group");
        for (int i = 0; i < groups.size(); i++)
            if (groups.get(i).isEmpty()) throw new IllegalArgumentException("LayerGroups: layer group " + i + " has no module");
        this.groups = groups;
        this.rootParams = rootParams;
    }

    /** Each given module is one layer group, in order. */
    public static LayerGroups of(Module... groups) {
        List<Map<String, Module>> out = new ArrayList<>();
        for (int i = 0; i < groups.length; i++) {
            Map<String, Module> g = new LinkedHashMap<>();
            g.put(Integer.toString(i), groups[i]);
            out.add(g);
        }
        return new LayerGroups(out, Map.of());
    }

    /** The whole model as one layer group; parameters keep the model's own names ({@code 0.weight}, ...). */
    public static LayerGroups single(Module model) {
        return model.namedChildren().isEmpty() ? of(model) : split(model);
    }

    /** One layer group per top-level child of {@code model}. */
    public static LayerGroups byChildren(Module model) {
        int n = model.namedChildren().size();
        int[] bounds = new int[Math.max(0, n - 1)];
        for (int i = 0; i < bounds.length; i++) bounds[i] = i + 1;
        return split(model, bounds);
    }

    /**
     * The top-level children of {@code model} cut before each index in {@code boundaries}
     * (strictly increasing, in 1 … children−1): {@code split(m, 3)} makes children 0–2 one group
     * and the rest another. Parameters registered on {@code model} itself join the last group.
     */
    public static LayerGroups split(Module model, int... boundaries) {
        List<Map.Entry<String, Module>> children = new ArrayList<>(model.namedChildren().entrySet());
        if (children.isEmpty()) throw new IllegalArgumentException("LayerGroups.split: " + model.getClass().getSimpleName() + " has no child modules");
        int prev = 0;
        List<Map<String, Module>> out = new ArrayList<>();
        for (int b : boundaries) {
            if (b <= prev || b >= children.size())
                throw new IllegalArgumentException("LayerGroups.split: boundaries must be strictly increasing in [1, " + (children.size() - 1) + "], got " + java.util.Arrays.toString(boundaries));
            out.add(range(children, prev, b));
            prev = b;
        }
        out.add(range(children, prev, children.size()));
        Map<String, Tensor> root = new LinkedHashMap<>();
        model.namedParameters().forEach((n, p) -> { if (!n.contains(".")) root.put(n, p); });
        return new LayerGroups(out, root);
    }

    private static Map<String, Module> range(List<Map.Entry<String, Module>> children, int from, int to) {
        Map<String, Module> g = new LinkedHashMap<>();
        for (int i = from; i < to; i++) g.put(children.get(i).getKey(), children.get(i).getValue());
        return g;
    }

    /** Number of layer groups. */
    public int size() { return groups.size(); }

    /** The modules of layer group {@code i} by name. */
    public Map<String, Module> group(int i) { return new LinkedHashMap<>(groups.get(i)); }

    /** Parameter groups with no weight decay on biases and normalization parameters. */
    public List<ParamGroup> paramGroups() { return paramGroups(false); }

    /** Parameter groups; {@code decayBiasAndNorm} gives biases and normalization parameters weight decay too. */
    public List<ParamGroup> paramGroups(boolean decayBiasAndNorm) {
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<ParamGroup> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Map<String, Tensor> decay = new LinkedHashMap<>(), bias = new LinkedHashMap<>(), norm = new LinkedHashMap<>();
            for (Map.Entry<String, Module> top : groups.get(i).entrySet()) {
                for (Map.Entry<String, Module> e : top.getValue().namedModules().entrySet()) {
                    Module m = e.getValue();
                    String prefix = top.getKey() + (e.getKey().isEmpty() ? "" : "." + e.getKey()) + ".";
                    for (Map.Entry<String, Tensor> pe : m.namedParameters().entrySet()) {
                        String local = pe.getKey();
                        if (local.contains(".")) continue;   // a descendant's: met at that descendant
                        Tensor p = pe.getValue();
                        if (seen.put(p, Boolean.TRUE) != null) continue;
                        if (m instanceof NormalizationLayer) norm.put(prefix + local, p);
                        else if (local.equals("bias") && !decayBiasAndNorm) bias.put(prefix + local, p);
                        else decay.put(prefix + local, p);
                    }
                }
            }
            if (i == groups.size() - 1)
                rootParams.forEach((n, p) -> { if (seen.put(p, Boolean.TRUE) == null) (n.equals("bias") && !decayBiasAndNorm ? bias : decay).put(n, p); });
            if (!decay.isEmpty()) out.add(ParamGroup.of(decay).layerGroup(i));
            if (!bias.isEmpty()) out.add(ParamGroup.of(bias).layerGroup(i).weightDecay(0));
            if (!norm.isEmpty()) {
                ParamGroup g = ParamGroup.of(norm).layerGroup(i).normalization(true);
                out.add(decayBiasAndNorm ? g : g.weightDecay(0));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("LayerGroups: the model has no parameters");
        return out;
    }
}
