package org.jgrad.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jgrad.autograd.Autocast;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;

/**
 * A layer or a model: parameters (tensors that require grad), buffers (state that is saved but
 * not trained, such as BatchNorm's running statistics) and child modules, all named. Names nest
 * with dots, as in PyTorch: a {@link Sequential}'s first child's weight is {@code 0.weight}.
 *
 * <p>Subclasses register what they own in their constructor ({@link #registerParameter},
 * {@link #registerBuffer}, {@link #registerModule}) and implement {@link #forward}.
 *
 * <p><b>The dtype rule.</b> A layer with parameters computes in its parameters' dtype and refuses
 * an input of any other dtype ({@link #requireInputDType}), naming itself, the parameter's dtype
 * and the input's: a float32 layer fed float64 neither computes from float32-rounded values in
 * float64 nor rounds the input silently. Convert one side ({@code x.to(DType.FLOAT32)} or
 * {@code model.to(DType.FLOAT64)}). PyTorch's functional layers refuse the same mix. Inside an
 * {@link Autocast} scope the scope decides the compute dtype, so the check is off there.
 * Elementwise ops between tensors promote instead (float32 with float64 gives float64, exactly),
 * as PyTorch's do.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The module's computation. */
    public abstract Tensor forward(Tensor input);

    /**
     * The dtype rule (see the class comment): outside {@link Autocast}, {@code input} must have
     * the dtype of each of this module's own parameters.
     *
     * @throws IllegalArgumentException naming the module, the parameter and both dtypes
     */
    protected final void requireInputDType(Tensor input) {
        if (Autocast.isEnabled()) return;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            DType p = e.getValue().dtype();
            if (p != input.dtype())
                throw new IllegalArgumentException(getClass().getSimpleName() + "(" + extraRepr() + "): input is " + input.dtype()
                        + " " + Shapes.format(input.shape()) + " but parameter '" + e.getKey() + "' is " + p
                        + "; convert one: input.to(DType." + p.name() + ") or module.to(DType." + input.dtype().name() + ")");
        }
    }

    // ================================================================ registration

    /** Makes {@code initial} a trainable parameter named {@code name}; returns the parameter tensor. */
    protected final Tensor registerParameter(String name, NDArray initial) {
        checkNewName(name);
        Tensor p = Tensor.param(initial);
        parameters.put(name, p);
        return p;
    }

    /** Registers a buffer: saved in the state dict, moved with the module, not trained. */
    protected final NDArray registerBuffer(String name, NDArray value) {
        checkNewName(name);
        buffers.put(name, value);
        return value;
    }

    /** Replaces the value of a registered buffer (e.g. running statistics after a training step). */
    protected final void setBuffer(String name, NDArray value) {
        NDArray old = buffers.get(name);
        if (old == null) throw new IllegalArgumentException("setBuffer: " + getClass().getSimpleName() + " has no buffer '" + name + "'");
        if (!Arrays.equals(old.shape(), value.shape()))
            throw new IllegalArgumentException("setBuffer: buffer '" + name + "' has shape " + Shapes.format(old.shape()) + ", got " + Shapes.format(value.shape()));
        buffers.put(name, value.to(old.dtype()));
    }

    /** The current value of a registered buffer. */
    protected final NDArray buffer(String name) {
        NDArray b = buffers.get(name);
        if (b == null) throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        return b;
    }

    /** Adds a child module under {@code name}; returns it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkNewName(name);
        children.put(name, child);
        return child;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException("a parameter, buffer or module name must be non-empty and without dots, got '" + name + "'");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has something named '" + name + "'");
    }

    // ================================================================ traversal

    /** Every parameter, recursively, under its dotted name, in registration order. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** Every parameter, recursively. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer, recursively, under its dotted name. */
    public Map<String, NDArray> namedBuffers() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> params, Map<String, NDArray> bufs) {
        if (params != null) parameters.forEach((n, p) -> params.put(prefix + n, p));
        if (bufs != null) buffers.forEach((n, b) -> bufs.put(prefix + n, b));
        children.forEach((n, c) -> c.collect(prefix + n + ".", params, bufs));
    }

    /** The direct children by name. */
    public Map<String, Module> namedChildren() {
        return new LinkedHashMap<>(children);
    }

    /** This module and all its descendants, by dotted name ("" for this one), parents first. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        out.put("", this);
        children.forEach((n, c) -> c.namedModules().forEach((sub, m) -> out.put(sub.isEmpty() ? n : n + "." + sub, m)));
        return out;
    }

    /** Calls {@code fn} on every descendant and then on this module (children first, as PyTorch). */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    /** Number of trainable values. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    // ================================================================ modes, gradients, devices

    /** Training mode (dropout active, batch statistics in BatchNorm), recursively. */
    public Module train() {
        return setTraining(true);
    }

    /** Evaluation mode, recursively. */
    public Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean on) {
        apply(m -> m.training = on);
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    /** Moves every parameter and buffer to {@code device}; parameter tensors keep their identity. */
    public Module to(Device device) {
        apply(m -> {
            m.parameters.values().forEach(p -> p.setData(p.data().to(device)));
            m.buffers.replaceAll((n, b) -> b.to(device));
        });
        return this;
    }

    /** Converts every floating parameter and buffer to {@code dtype} (e.g. float64 for gradient checks). */
    public Module to(DType dtype) {
        if (!dtype.isFloating()) throw new IllegalArgumentException("Module.to: needs a floating dtype, got " + dtype);
        apply(m -> {
            m.parameters.values().forEach(p -> p.setData(p.data().to(dtype)));
            m.buffers.replaceAll((n, b) -> b.dtype().isFloating() ? b.to(dtype) : b);
        });
        return this;
    }

    // ================================================================ state

    /** Parameters' values and buffers by dotted name: what a model file holds. */
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.data()));
        out.putAll(namedBuffers());
        return out;
    }

    /**
     * Loads values by dotted name. Everything is checked before anything changes: a shape
     * mismatch (naming the key and both shapes), and in strict mode every missing and every
     * unexpected key, all listed. On error the module is left exactly as it was.
     */
    public void loadStateDict(Map<String, NDArray> state, boolean strict) {
        Map<String, NDArray> current = stateDict();
        List<String> problems = new ArrayList<>();
        if (strict) {
            TreeSet<String> missing = new TreeSet<>(current.keySet());
            missing.removeAll(state.keySet());
            TreeSet<String> unexpected = new TreeSet<>(state.keySet());
            unexpected.removeAll(current.keySet());
            if (!missing.isEmpty()) problems.add("missing keys " + missing);
            if (!unexpected.isEmpty()) problems.add("unexpected keys " + unexpected);
        }
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            NDArray have = current.get(e.getKey());
            if (have != null && !Arrays.equals(have.shape(), e.getValue().shape()))
                problems.add("shape mismatch for '" + e.getKey() + "': the model has " + Shapes.format(have.shape())
                        + ", the state has " + Shapes.format(e.getValue().shape()));
        }
        if (!problems.isEmpty())
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": " + String.join("; ", problems));
        assignState("", state);
    }

    private void assignState(String prefix, Map<String, NDArray> state) {
        parameters.forEach((n, p) -> {
            NDArray v = state.get(prefix + n);
            if (v != null) p.setData(v.to(p.dtype()).to(p.device()).copy());
        });
        buffers.replaceAll((n, b) -> {
            NDArray v = state.get(prefix + n);
            return v == null ? b : v.to(b.dtype()).to(b.device()).copy();
        });
        children.forEach((n, c) -> c.assignState(prefix + n + ".", state));
    }

    // ================================================================ printing

    /** Hyperparameters shown in {@link #toString()}, e.g. {@code in=784, out=10}. */
    protected String extraRepr() {
        return "";
    }

    /** A tree like PyTorch's, with the number of trainable values of every module that has any. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTree(sb, "");
        return sb.toString();
    }

    private void appendTree(StringBuilder sb, String indent) {
        sb.append(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> e : children.entrySet()) {
                sb.append(indent).append("  (").append(e.getKey()).append("): ");
                e.getValue().appendTree(sb, indent + "  ");
                sb.append('\n');
            }
            sb.append(indent);
        }
        sb.append(')');
        long count = parameterCount();
        if (count > 0) sb.append(String.format(Locale.ROOT, "  # %,d parameters", count));
    }

    // ================================================================ model files

    /** Saves the state dict to a safetensors file atomically; see {@link org.jgrad.nn.io.ModelFiles#save}. */
    public void save(java.nio.file.Path path) throws java.io.IOException {
        org.jgrad.nn.io.ModelFiles.save(this, path);
    }

    /** Loads a model file, leaving this module unchanged on any error; see {@link org.jgrad.nn.io.ModelFiles#load}. */
    public void load(java.nio.file.Path path, boolean strict) throws java.io.IOException {
        org.jgrad.nn.io.ModelFiles.load(this, path, strict);
    }
}
