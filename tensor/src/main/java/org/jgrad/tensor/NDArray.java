package org.jgrad.tensor;

import java.util.Arrays;
import org.jgrad.tensor.cpu.HostStorage;
import org.jgrad.tensor.random.Generator;

/**
 * An n-dimensional array: a {@link Storage} seen through a shape, strides and an offset.
 * Element {@code (i0, i1, ...)} lives at {@code offset + Σ i_k · strides[k]} of the storage.
 *
 * <p>Views ({@link #reshape}, {@link #permute}, {@link #slice}, {@link #expand}, ...) share the
 * storage and copy nothing; every op returns a new array and never changes its operands, except
 * where a name says otherwise. Binary ops broadcast as NumPy does. Bad input is an
 * {@link IllegalArgumentException} naming the op, the shapes, dtypes and devices.
 *
 * <p>Ops are carried out by the {@link Backend} of the array's device; see {@link Backends}.
 */
public final class NDArray {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final Backend backend;

    /** A view of {@code storage}; checked by the caller. */
    public NDArray(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.backend = Backends.of(storage.device());
    }

    // ================================================================ metadata

    public Storage storage() { return storage; }
    public int[] shape() { return shape.clone(); }
    public int shape(int axis) { return shape[Shapes.normalizeAxis("shape", axis, shape.length)]; }
    public int[] strides() { return strides.clone(); }
    public int stride(int axis) { return strides[Shapes.normalizeAxis("stride", axis, shape.length)]; }
    public int offset() { return offset; }
    public DType dtype() { return storage.dtype(); }
    public Device device() { return storage.device(); }
    public Backend backend() { return backend; }
    public int rank() { return shape.length; }
    public int numel() { return Shapes.numel(shape); }
    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    // ================================================================ creation

    /** A zero-filled contiguous array on the CPU. */
    public static NDArray zeros(DType dtype, int... shape) {
        return zeros(dtype, Device.CPU, shape);
    }

    /** A zero-filled float32 array on the CPU. */
    public static NDArray zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /** A zero-filled contiguous array on {@code device}. */
    public static NDArray zeros(DType dtype, Device device, int... shape) {
        return fresh("zeros", shape, n -> Backends.of(device).allocate(dtype, n));
    }

    /**
     * A contiguous array on {@code device} whose values are unspecified, as {@code torch.empty}:
     * for an output that is written in full before it is read. On the CPU float32 and float64
     * arrays then skip the JVM's zeroing (where the JVM allows it, see the launcher's flags); other
     * dtypes and devices may come zero-filled.
     */
    public static NDArray empty(DType dtype, Device device, int... shape) {
        return fresh("empty", shape, n -> Backends.of(device).allocateUninitialized(dtype, n));
    }

    /** A contiguous array of {@code shape} on a new storage of its element count. */
    private static NDArray fresh(String op, int[] shape, java.util.function.IntFunction<Storage> allocate) {
        Shapes.checkSizes(op, shape);
        int[] s = shape.clone();
        Storage storage = allocate.apply(Shapes.numel(s));
        MemoryScope.track(storage);
        return new NDArray(storage, s, Shapes.contiguousStrides(s), 0);
    }

    public static NDArray ones(DType dtype, int... shape) {
        return full(1, dtype, shape);
    }

    public static NDArray ones(int... shape) {
        return full(1, DType.FLOAT32, shape);
    }

    /** An array of {@code shape} with every element {@code value} (−0 stays −0 in the floating dtypes). */
    public static NDArray full(double value, DType dtype, int... shape) {
        NDArray out = zeros(dtype, shape);
        if (Double.doubleToRawLongBits(value) != 0) out.backend.fill(out, value); // zeros are +0 already; -0 is not
        return out;
    }

    /** A rank-0 array holding {@code value}. */
    public static NDArray scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** 0, 1, ..., end-1 as int64. */
    public static NDArray arange(long end) {
        return arange(0, end, 1, DType.INT64);
    }

    /** start, start+step, ... while below {@code end} (above, for a negative step). */
    public static NDArray arange(double start, double end, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(step)) throw new IllegalArgumentException("arange: step must be finite and non-zero, got " + step);
        if (!Double.isFinite(start) || !Double.isFinite(end))
            throw new IllegalArgumentException("arange: start and end must be finite, got " + start + " and " + end);
        long n = (long) Math.ceil((end - start) / step);
        if (n < 0) n = 0;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("arange: " + n + " elements are too many");
        HostStorage s = HostStorage.allocate(dtype, (int) n);
        for (int i = 0; i < n; i++) {
            if (dtype.isFloating()) s.setDouble(i, start + i * step);
            else s.setLong(i, (long) start + (long) i * (long) step);
        }
        return new NDArray(s, new int[] {(int) n}, new int[] {1}, 0);
    }

    /** {@code steps} evenly spaced float32 values from start to end, both included. */
    public static NDArray linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        double[] v = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) v[i] = i < steps / 2 || steps == 1 ? start + i * step : end - (steps - 1 - i) * step;
        return of(v).to(DType.FLOAT32);
    }

    /** The n×n float32 identity. */
    public static NDArray eye(int n) {
        Shapes.checkSizes("eye", new int[] {n});
        NDArray out = zeros(DType.FLOAT32, n, n);
        HostStorage s = (HostStorage) out.storage;
        for (int i = 0; i < n; i++) s.setDouble(i * n + i, 1);
        return out;
    }

    /** float32 uniform on [0, 1) from the global generator. */
    public static NDArray rand(int... shape) {
        return RandomDraws.draw(RandomKind.UNIFORM, Generator.global(), DType.FLOAT32, Device.CPU, 0, shape);
    }

    /** Uniform on [0, 1), float32 or float64, from {@code generator}. */
    public static NDArray rand(Generator generator, DType dtype, int... shape) {
        return rand(generator, dtype, Device.CPU, shape);
    }

    /** Uniform on [0, 1), float32 or float64, drawn on {@code device}: the same numbers on every device. */
    public static NDArray rand(Generator generator, DType dtype, Device device, int... shape) {
        return RandomDraws.draw(RandomKind.UNIFORM, generator, dtype, device, 0, shape);
    }

    /** float32 standard normal from the global generator. */
    public static NDArray randn(int... shape) {
        return RandomDraws.draw(RandomKind.NORMAL, Generator.global(), DType.FLOAT32, Device.CPU, 0, shape);
    }

    /** Standard normal, float32 or float64, from {@code generator}. */
    public static NDArray randn(Generator generator, DType dtype, int... shape) {
        return randn(generator, dtype, Device.CPU, shape);
    }

    /** Standard normal, float32 or float64, drawn on {@code device} (within a few ulp of the CPU's numbers). */
    public static NDArray randn(Generator generator, DType dtype, Device device, int... shape) {
        return RandomDraws.draw(RandomKind.NORMAL, generator, dtype, device, 0, shape);
    }

    /** float32 array of 1 with probability {@code p}, else 0. */
    public static NDArray bernoulli(double p, Generator generator, int... shape) {
        return bernoulli(p, generator, Device.CPU, shape);
    }

    /** float32 array of 1 with probability {@code p}, else 0, drawn on {@code device}: the same mask on every device. */
    public static NDArray bernoulli(double p, Generator generator, Device device, int... shape) {
        return RandomDraws.draw(RandomKind.BERNOULLI, generator, DType.FLOAT32, device, p, shape);
    }

    /** int64 uniform on {@code [low, high)}. */
    public static NDArray randint(long low, long high, Generator generator, int... shape) {
        return RandomDraws.randint(generator, low, high, shape);
    }

    /** A 1-D float32 array. */
    public static NDArray of(float... values) {
        return fromArray(values);
    }

    /** A 1-D float64 array. */
    public static NDArray of(double... values) {
        return fromArray(values);
    }

    /** A 1-D int32 array. */
    public static NDArray of(int... values) {
        return fromArray(values);
    }

    /** A 1-D int64 array. */
    public static NDArray of(long... values) {
        return fromArray(values);
    }

    /** A 1-D bool array. */
    public static NDArray of(boolean... values) {
        return fromArray(values);
    }

    /**
     * An array from a (possibly nested) Java array of any rank: {@code float[][]} gives a 2-D float32
     * array, {@code long[]} a 1-D int64 array, {@code boolean[][][]} a 3-D bool array. Rows must be
     * rectangular.
     */
    public static NDArray fromArray(Object javaArray) {
        return JavaArrays.toNDArray(javaArray);
    }

    // ================================================================ element access and export

    /** The single value of a one-element array. */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("item: expected an array with one element, got shape " + Shapes.format(shape));
        NDArray host = toCpu();
        return host.hostStorage().getDouble(host.offset);
    }

    /** The element at {@code index}, as a double. */
    public double getDouble(int... index) {
        NDArray host = toCpu();
        return host.hostStorage().getDouble(host.flatIndex("getDouble", index));
    }

    /** The element at {@code index}, as a long. */
    public long getLong(int... index) {
        NDArray host = toCpu();
        return host.hostStorage().getLong(host.flatIndex("getLong", index));
    }

    private int flatIndex(String op, int[] index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException(op + ": " + index.length + " indices for an array of shape " + Shapes.format(shape));
        int at = offset;
        for (int k = 0; k < index.length; k++) {
            if (index[k] < 0 || index[k] >= shape[k])
                throw new IllegalArgumentException(op + ": index " + index[k] + " is out of range for axis " + k + " of size " + shape[k]);
            at += index[k] * strides[k];
        }
        return at;
    }

    /** The elements in row-major order as float32 values. */
    public float[] toFloatArray() {
        return ((HostStorage.F32) contiguousOn(DType.FLOAT32).storage).data.clone();
    }

    /** The elements in row-major order as float64 values. */
    public double[] toDoubleArray() {
        return ((HostStorage.F64) contiguousOn(DType.FLOAT64).storage).data.clone();
    }

    /** The elements in row-major order as int64 values. */
    public long[] toLongArray() {
        return ((HostStorage.I64) contiguousOn(DType.INT64).storage).data.clone();
    }

    /** A contiguous CPU copy with offset 0 in {@code dtype} (this array itself when it already is one). */
    private NDArray contiguousOn(DType dtype) {
        NDArray host = toCpu().to(dtype).contiguous();
        return host.offset == 0 && host.storage.size() == host.numel() ? host : host.copy();
    }

    private HostStorage hostStorage() {
        return (HostStorage) storage;
    }

    private NDArray toCpu() {
        return to(Device.CPU);
    }

    // ================================================================ copies, casts, devices

    /** A new contiguous array with the same values. */
    public NDArray copy() {
        NDArray out = empty(dtype(), device(), shape);
        backend.copy(this, out);
        return out;
    }

    /** This array if it is contiguous, else a contiguous copy. */
    public NDArray contiguous() {
        return isContiguous() ? this : copy();
    }

    /** This array converted to {@code dtype} (itself if it already has it). Float to int truncates toward zero. */
    public NDArray to(DType dtype) {
        if (dtype == dtype()) return this;
        NDArray out = empty(dtype, device(), shape);
        backend.copy(this, out);
        return out;
    }

    /** This array on {@code device} (itself if it is already there). */
    public NDArray to(Device device) {
        if (device.equals(device())) return this;
        NDArray out = zeros(dtype(), device, shape);
        (device.equals(Device.CPU) ? backend : out.backend).copy(this, out);
        return out;
    }

    // ================================================================ in-place writes

    /**
     * Writes {@code src} (broadcast to this array's shape and converted to its dtype) into this
     * array, which may be a view: the shared storage changes. Increments the storage version.
     */
    public NDArray assign(NDArray src) {
        requireSameDevice("assign", src);
        NDArray source = src.storage == storage ? src.copy() : src; // overlapping views: read before writing
        backend.copy(source.broadcastTo(shape), this);
        storage.bumpVersion();
        return this;
    }

    /**
     * Records an in-place write that a backend made without {@link #assign} or {@link #fill}
     * (e.g. a fused optimizer kernel), so autograd's version checks see it.
     */
    public void markWritten() {
        storage.bumpVersion();
    }

    /**
     * Returns this array's device memory to its allocator now (see {@link Storage#release}); every
     * view of the storage becomes unusable. A no-op for host arrays, which the garbage collector frees.
     */
    public void release() {
        storage.release();
    }

    /** Sets every element of this array (possibly a view) to {@code value}. Increments the storage version. */
    public NDArray fill(double value) {
        backend.fill(this, value);
        storage.bumpVersion();
        return this;
    }

    // ================================================================ views

    /** A view with a new shape of the same size; one size may be -1 (inferred). Copies only when the layout cannot give a view. */
    public NDArray reshape(int... newShape) {
        int[] s = inferShape("reshape", newShape);
        int[] st = ViewStrides.forReshape(shape, strides, s);
        return st != null ? new NDArray(storage, s, st, offset) : contiguous().reshape(s);
    }

    /** Like {@link #reshape} but never copies: throws when the layout cannot give the view. */
    public NDArray view(int... newShape) {
        int[] s = inferShape("view", newShape);
        int[] st = ViewStrides.forReshape(shape, strides, s);
        if (st == null)
            throw new IllegalArgumentException("view: an array of shape " + Shapes.format(shape) + " and strides "
                    + Shapes.format(strides) + " cannot be viewed as " + Shapes.format(s) + " without a copy; use reshape");
        return new NDArray(storage, s, st, offset);
    }

    private int[] inferShape(String op, int[] requested) {
        int[] s = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one size may be -1 in " + Shapes.format(requested));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + Shapes.format(requested));
            } else known *= s[i];
        }
        int n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0)
                throw new IllegalArgumentException(op + ": cannot infer the -1 in " + Shapes.format(requested) + " for " + n + " elements");
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.format(requested) + " has " + known
                    + " elements but the array of shape " + Shapes.format(shape) + " has " + n);
        }
        return s;
    }

    /** Reorders the axes: axis k of the result is axis {@code order[k]} of this array. */
    public NDArray permute(int... order) {
        if (order.length != shape.length)
            throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " does not name each of the " + shape.length + " axes of " + Shapes.format(shape));
        int[] s = new int[order.length], st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int k = 0; k < order.length; k++) {
            int a = Shapes.normalizeAxis("permute", order[k], shape.length);
            if (seen[a]) throw new IllegalArgumentException("permute: axis " + order[k] + " repeated in " + Arrays.toString(order));
            seen[a] = true;
            s[k] = shape[a];
            st[k] = strides[a];
        }
        return new NDArray(storage, s, st, offset);
    }

    /** Swaps two axes. */
    public NDArray transpose(int axisA, int axisB) {
        int a = Shapes.normalizeAxis("transpose", axisA, shape.length), b = Shapes.normalizeAxis("transpose", axisB, shape.length);
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** The transpose of a matrix (the last two axes swapped). */
    public NDArray mT() {
        if (shape.length < 2) throw new IllegalArgumentException("mT: needs at least 2 dimensions, got shape " + Shapes.format(shape));
        return transpose(-2, -1);
    }

    /** Elements {@code [start, start + length)} along an axis. */
    public NDArray narrow(int axis, int start, int length) {
        int a = Shapes.normalizeAxis("narrow", axis, shape.length);
        if (start < 0 || length < 0 || start + length > shape[a])
            throw new IllegalArgumentException("narrow: [" + start + ", " + (start + length) + ") is out of range for axis " + axis
                    + " of size " + shape[a] + " in " + Shapes.format(shape));
        int[] s = shape.clone();
        s[a] = length;
        return new NDArray(storage, s, strides, offset + start * strides[a]);
    }

    /**
     * Elements {@code start, start+step, ...} below {@code end} along an axis, Python-style:
     * negative start and end count from the end and are clamped to the axis; step must be positive.
     */
    public NDArray slice(int axis, int start, int end, int step) {
        int a = Shapes.normalizeAxis("slice", axis, shape.length);
        if (step < 1) throw new IllegalArgumentException("slice: step must be >= 1, got " + step);
        int n = shape[a];
        int lo = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
        int hi = Math.min(Math.max(end < 0 ? end + n : end, lo), n);
        int[] s = shape.clone(), st = strides.clone();
        s[a] = (hi - lo + step - 1) / step;
        st[a] = strides[a] * step;
        return new NDArray(storage, s, st, offset + lo * strides[a]);
    }

    /** The sub-array at {@code index} along an axis, with that axis removed; negative indices count from the end. */
    public NDArray select(int axis, int index) {
        if (shape.length == 0) throw new IllegalArgumentException("select: a scalar () has no axis to select from");
        int a = Shapes.normalizeAxis("select", axis, shape.length);
        int i = index < 0 ? index + shape[a] : index;
        if (i < 0 || i >= shape[a])
            throw new IllegalArgumentException("select: index " + index + " is out of range for axis " + axis + " of size " + shape[a]);
        return new NDArray(storage, remove(shape, a), remove(strides, a), offset + i * strides[a]);
    }

    /** Broadcasts size-1 axes (stride 0) to {@code newShape}; -1 keeps a size; new leading axes may be added. */
    public NDArray expand(int... newShape) {
        int lead = newShape.length - shape.length;
        if (lead < 0) throw new IllegalArgumentException("expand: cannot expand " + Shapes.format(shape) + " to fewer dimensions " + Shapes.format(newShape));
        int[] s = new int[newShape.length], st = new int[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            int want = newShape[i];
            if (i < lead) {
                if (want < 0) throw new IllegalArgumentException("expand: size -1 is not allowed for a new leading axis in " + Shapes.format(newShape));
                s[i] = want;
                continue;
            }
            int have = shape[i - lead];
            if (want == -1 || want == have) {
                s[i] = have;
                st[i] = strides[i - lead];
            } else if (have == 1 && want >= 0) {
                s[i] = want;
            } else {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shapes.format(shape) + " to " + Shapes.format(newShape)
                        + " (axis " + i + ": size " + have + " is neither 1 nor " + want + ")");
            }
        }
        return new NDArray(storage, s, st, offset);
    }

    /** {@link #expand} to a shape computed by broadcasting. */
    public NDArray broadcastTo(int... newShape) {
        return Arrays.equals(shape, newShape) ? this : expand(newShape);
    }

    /** Removes every size-1 axis. */
    public NDArray squeeze() {
        int kept = 0;
        for (int d : shape) if (d != 1) kept++;
        int[] s = new int[kept], st = new int[kept];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            s[k] = shape[i];
            st[k++] = strides[i];
        }
        return new NDArray(storage, s, st, offset);
    }

    /** Removes an axis if its size is 1 (otherwise returns this array, as PyTorch does). */
    public NDArray squeeze(int axis) {
        int a = Shapes.normalizeAxis("squeeze", axis, shape.length);
        if (shape.length == 0 || shape[a] != 1) return this;
        return new NDArray(storage, remove(shape, a), remove(strides, a), offset);
    }

    /** Inserts a size-1 axis at position {@code axis} of the result (-1 appends). */
    public NDArray unsqueeze(int axis) {
        int a = Shapes.normalizeAxis("unsqueeze", axis, shape.length + 1);
        int stride = a < shape.length ? strides[a] * shape[a] : 1;
        return new NDArray(storage, insert(shape, a, 1), insert(strides, a, stride), offset);
    }

    /** Everything as one axis. */
    public NDArray flatten() {
        return reshape(-1);
    }

    /** Axes {@code start..end} (inclusive) merged into one. */
    public NDArray flatten(int startAxis, int endAxis) {
        if (shape.length == 0) return reshape(1);
        int a = Shapes.normalizeAxis("flatten", startAxis, shape.length), b = Shapes.normalizeAxis("flatten", endAxis, shape.length);
        if (a > b) throw new IllegalArgumentException("flatten: start axis " + startAxis + " comes after end axis " + endAxis + " for shape " + Shapes.format(shape));
        int[] s = new int[shape.length - (b - a)];
        int merged = 1;
        for (int i = a; i <= b; i++) merged *= shape[i];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (i < a || i > b) s[k++] = shape[i];
            else if (i == a) s[k++] = merged;
        }
        return reshape(s);
    }

    /** The leading {@code sizes[k]} elements along every axis k. */
    NDArray narrowTo(int[] sizes) {
        NDArray r = this;
        for (int k = 0; k < sizes.length; k++) if (sizes[k] != shape[k]) r = r.narrow(k, 0, sizes[k]);
        return r;
    }

    static int[] remove(int[] values, int at) {
        int[] r = new int[values.length - 1];
        System.arraycopy(values, 0, r, 0, at);
        System.arraycopy(values, at + 1, r, at, values.length - at - 1);
        return r;
    }

    static int[] insert(int[] values, int at, int value) {
        int[] r = new int[values.length + 1];
        System.arraycopy(values, 0, r, 0, at);
        r[at] = value;
        System.arraycopy(values, at, r, at + 1, values.length - at);
        return r;
    }

    // ================================================================ elementwise

    public NDArray neg() { return unary(UnaryOp.NEG); }
    public NDArray abs() { return unary(UnaryOp.ABS); }
    public NDArray exp() { return unary(UnaryOp.EXP); }
    public NDArray log() { return unary(UnaryOp.LOG); }
    public NDArray sqrt() { return unary(UnaryOp.SQRT); }
    public NDArray rsqrt() { return unary(UnaryOp.RSQRT); }
    public NDArray sin() { return unary(UnaryOp.SIN); }
    public NDArray cos() { return unary(UnaryOp.COS); }
    public NDArray tanh() { return unary(UnaryOp.TANH); }
    public NDArray sigmoid() { return unary(UnaryOp.SIGMOID); }
    public NDArray relu() { return unary(UnaryOp.RELU); }

    /**
     * relu's gradient given this array as relu's input x and the gradient {@code g} of its output:
     * {@code x > 0 ? g : 0} (0 at x = 0, as in PyTorch, and where x is NaN), in g's dtype.
     */
    public NDArray reluBackward(NDArray g) {
        requireSameDevice("relu_backward", g);
        if (!Arrays.equals(shape, g.shape) || !dtype().isFloating() || !g.dtype().isFloating())
            throw new IllegalArgumentException("relu_backward: input and gradient must be floating and of one shape, got "
                    + dtype() + " " + Shapes.format(shape) + " and " + g.dtype() + " " + Shapes.format(g.shape));
        NDArray out = empty(g.dtype(), device(), shape);
        backend.reluBackward(this, g, out);
        return out;
    }
    public NDArray gelu() { return unary(UnaryOp.GELU); }
    public NDArray silu() { return unary(UnaryOp.SILU); }
    public NDArray sign() { return unary(UnaryOp.SIGN); }
    public NDArray reciprocal() { return unary(UnaryOp.RECIPROCAL); }

    /** Applies an elementwise function; integer inputs of float-only functions are computed in float32. */
    public NDArray unary(UnaryOp op) {
        if (dtype() == DType.BOOL) throw new IllegalArgumentException(op.opName() + ": dtype bool is not supported (cast first)");
        NDArray x = op.keepsIntegers() ? this : to(dtype().toFloating());
        NDArray out = empty(x.dtype(), device(), shape);
        backend.unary(op, x, out);
        return out;
    }

    public NDArray add(NDArray other) { return binary(BinaryOp.ADD, other); }
    public NDArray sub(NDArray other) { return binary(BinaryOp.SUB, other); }
    public NDArray mul(NDArray other) { return binary(BinaryOp.MUL, other); }
    public NDArray div(NDArray other) { return binary(BinaryOp.DIV, other); }
    public NDArray pow(NDArray other) { return binary(BinaryOp.POW, other); }
    public NDArray maximum(NDArray other) { return binary(BinaryOp.MAXIMUM, other); }
    public NDArray minimum(NDArray other) { return binary(BinaryOp.MINIMUM, other); }
    public NDArray eq(NDArray other) { return binary(BinaryOp.EQ, other); }
    public NDArray ne(NDArray other) { return binary(BinaryOp.NE, other); }
    public NDArray lt(NDArray other) { return binary(BinaryOp.LT, other); }
    public NDArray le(NDArray other) { return binary(BinaryOp.LE, other); }
    public NDArray gt(NDArray other) { return binary(BinaryOp.GT, other); }
    public NDArray ge(NDArray other) { return binary(BinaryOp.GE, other); }

    public NDArray add(double v) { return binary(BinaryOp.ADD, scalarLike(v)); }
    public NDArray sub(double v) { return binary(BinaryOp.SUB, scalarLike(v)); }
    public NDArray mul(double v) { return binary(BinaryOp.MUL, scalarLike(v)); }
    public NDArray div(double v) { return binary(BinaryOp.DIV, scalarLike(v)); }
    /** x^p for a scalar exponent. */
    public NDArray pow(double p) { return binary(BinaryOp.POW, scalarLike(p)); }
    public NDArray maximum(double v) { return binary(BinaryOp.MAXIMUM, scalarLike(v)); }
    public NDArray minimum(double v) { return binary(BinaryOp.MINIMUM, scalarLike(v)); }
    public NDArray eq(double v) { return binary(BinaryOp.EQ, scalarLike(v)); }
    public NDArray ne(double v) { return binary(BinaryOp.NE, scalarLike(v)); }
    public NDArray lt(double v) { return binary(BinaryOp.LT, scalarLike(v)); }
    public NDArray le(double v) { return binary(BinaryOp.LE, scalarLike(v)); }
    public NDArray gt(double v) { return binary(BinaryOp.GT, scalarLike(v)); }
    public NDArray ge(double v) { return binary(BinaryOp.GE, scalarLike(v)); }

    /**
     * A rank-0 operand for a Java number: of this array's dtype when the value fits it (PyTorch's
     * rule for Python scalars), float32 for a fractional value with an integer array.
     */
    private NDArray scalarLike(double v) {
        DType t = dtype();
        if (!t.isFloating() && (v != Math.rint(v) || Double.isInfinite(v))) t = DType.FLOAT32;
        if (t == DType.BOOL && v != 0 && v != 1) t = DType.INT64;
        return zeros(t, device()).filledWith(v);
    }

    private NDArray filledWith(double v) {
        backend.fill(this, v);
        return this;
    }

    /** Applies a binary op with broadcasting and type promotion. */
    public NDArray binary(BinaryOp op, NDArray other) {
        String name = op.opName();
        requireSameDevice(name, other);
        int[] outShape = Shapes.broadcast(name, shape, other.shape);
        DType compute = op.computeType(dtype(), other.dtype());
        NDArray a = to(compute).broadcastTo(outShape), b = other.to(compute).broadcastTo(outShape);
        NDArray out = empty(op.resultType(dtype(), other.dtype()), device(), outShape);
        backend.binary(op, a, b, out);
        return out;
    }

    /** {@code cond ? a : b} elementwise, broadcasting all three; cond must be bool. */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        if (cond.dtype() != DType.BOOL) throw new IllegalArgumentException("where: the condition must be bool, got " + cond.dtype());
        cond.requireSameDevice("where", a);
        cond.requireSameDevice("where", b);
        int[] outShape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape, a.shape), b.shape);
        DType t = DType.promote(a.dtype(), b.dtype());
        NDArray out = zeros(t, cond.device(), outShape);
        cond.backend.where(cond.broadcastTo(outShape), a.to(t).broadcastTo(outShape), b.to(t).broadcastTo(outShape), out);
        return out;
    }

    /** Limits every element to {@code [min, max]}; NaN stays NaN. */
    public NDArray clamp(double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        return maximum(min).minimum(max);
    }

    // ================================================================ reductions

    // Every reduction has all-axes overloads (sum(), sum(keepDim), ...); an explicit axis list must
    // not be empty (Shapes.axisMask refuses it), so a list built empty by accident is not read as "all".

    /** Sum of all elements (rank 0). Integer and bool sums are int64. */
    public NDArray sum() { return sum(false); }
    /** Sum of all elements; {@code keepDim} keeps every axis with size 1. */
    public NDArray sum(boolean keepDim) { return reduce(ReduceOp.SUM, Shapes.allAxes(shape.length), keepDim); }
    public NDArray sum(int axis) { return sum(new int[] {axis}, false); }
    /** Sum over {@code axes} (not empty: use {@link #sum()} for all); {@code keepDim} keeps them with size 1. */
    public NDArray sum(int[] axes, boolean keepDim) { return reduce(ReduceOp.SUM, Shapes.axisMask("sum", axes, shape.length), keepDim); }

    public NDArray max() { return max(false); }
    public NDArray max(boolean keepDim) { return reduce(ReduceOp.MAX, Shapes.allAxes(shape.length), keepDim); }
    public NDArray max(int axis) { return max(new int[] {axis}, false); }
    public NDArray max(int[] axes, boolean keepDim) { return reduce(ReduceOp.MAX, Shapes.axisMask("max", axes, shape.length), keepDim); }
    public NDArray min() { return min(false); }
    public NDArray min(boolean keepDim) { return reduce(ReduceOp.MIN, Shapes.allAxes(shape.length), keepDim); }
    public NDArray min(int axis) { return min(new int[] {axis}, false); }
    public NDArray min(int[] axes, boolean keepDim) { return reduce(ReduceOp.MIN, Shapes.axisMask("min", axes, shape.length), keepDim); }

    public NDArray mean() { return mean(false); }
    /** Mean of all elements; {@code keepDim} keeps every axis with size 1. */
    public NDArray mean(boolean keepDim) { return mean(Shapes.allAxes(shape.length), keepDim); }
    public NDArray mean(int axis) { return mean(new int[] {axis}, false); }

    /** Σx / n over {@code axes} (not empty); floating dtypes only. */
    public NDArray mean(int[] axes, boolean keepDim) { return mean(Shapes.axisMask("mean", axes, shape.length), keepDim); }

    private NDArray mean(boolean[] mask, boolean keepDim) {
        requireFloating("mean");
        return reduce(ReduceOp.SUM, mask, keepDim).div(reducedCount(mask));
    }

    /** Variance Σ(x - mean)² / (n - correction) over {@code axes} (not empty); {@code correction} 1 is the unbiased estimate. */
    public NDArray var(int[] axes, int correction, boolean keepDim) { return var(Shapes.axisMask("var", axes, shape.length), correction, keepDim); }
    /** Variance of all elements. */
    public NDArray var(int correction, boolean keepDim) { return var(Shapes.allAxes(shape.length), correction, keepDim); }

    private NDArray var(boolean[] mask, int correction, boolean keepDim) {
        requireFloating("var");
        NDArray centered = sub(mean(mask, true));
        return centered.mul(centered).reduce(ReduceOp.SUM, mask, keepDim).div(Math.max(0, reducedCount(mask) - correction));
    }

    /** √var over {@code axes} (not empty). */
    public NDArray std(int[] axes, int correction, boolean keepDim) {
        return var(Shapes.axisMask("std", axes, shape.length), correction, keepDim).sqrt();
    }

    /** √var of all elements. */
    public NDArray std(int correction, boolean keepDim) {
        return var(correction, keepDim).sqrt();
    }

    /** log Σ exp(x) over {@code axes} (not empty), computed as m + log Σ exp(x - m) with m the maximum (0 where m is infinite). */
    public NDArray logsumexp(int[] axes, boolean keepDim) { return logsumexp(Shapes.axisMask("logsumexp", axes, shape.length), keepDim); }
    /** log Σ exp(x) of all elements. */
    public NDArray logsumexp(boolean keepDim) { return logsumexp(Shapes.allAxes(shape.length), keepDim); }

    private NDArray logsumexp(boolean[] mask, boolean keepDim) {
        requireFloating("logsumexp");
        if (reducedCount(mask) == 0) return reduce(ReduceOp.SUM, mask, keepDim).sub(Double.POSITIVE_INFINITY); // log 0
        NDArray m = reduce(ReduceOp.MAX, mask, true);
        NDArray finiteMax = where(m.abs().eq(Double.POSITIVE_INFINITY), zeros(dtype(), device()), m);
        NDArray result = sub(finiteMax).exp().reduce(ReduceOp.SUM, mask, true).log().add(finiteMax);
        return keepDim ? result : result.squeezeAxes(mask);
    }

    /** Index of the first maximum along {@code axis} (int64); NaN counts as the maximum. */
    public NDArray argmax(int axis, boolean keepDim) { return argReduce(true, axis, keepDim); }

    /** Index of the first minimum along {@code axis} (int64); NaN counts as the minimum. */
    public NDArray argmin(int axis, boolean keepDim) { return argReduce(false, axis, keepDim); }

    /** Index of the first maximum of the flattened array. */
    public NDArray argmax() { return contiguous().reshape(-1).argmax(0, false); }

    /** Index of the first minimum of the flattened array. */
    public NDArray argmin() { return contiguous().reshape(-1).argmin(0, false); }

    private NDArray argReduce(boolean max, int axis, boolean keepDim) {
        String op = max ? "argmax" : "argmin";
        if (shape.length == 0) return zeros(DType.INT64, device());
        int a = Shapes.normalizeAxis(op, axis, shape.length);
        if (shape[a] == 0) throw new IllegalArgumentException(op + ": axis " + axis + " of shape " + Shapes.format(shape) + " is empty");
        requireNotBool(op);
        int[] kept = shape.clone();
        kept[a] = 1;
        NDArray out = zeros(DType.INT64, device(), kept);
        backend.argReduce(max, this, a, out);
        return keepDim ? out : out.squeeze(a);
    }

    private NDArray reduce(ReduceOp op, boolean[] mask, boolean keepDim) {
        String name = op.opName();
        int[] kept = shape.clone();
        for (int i = 0; i < kept.length; i++) {
            if (!mask[i]) continue;
            if (kept[i] == 0 && op != ReduceOp.SUM)
                throw new IllegalArgumentException(name + ": cannot reduce the empty axis " + i + " of shape " + Shapes.format(shape));
            kept[i] = 1;
        }
        DType t = op == ReduceOp.SUM && !dtype().isFloating() ? DType.INT64 : dtype();
        NDArray out = zeros(t, device(), kept);
        backend.reduce(op, this, mask, out);
        return keepDim ? out : out.squeezeAxes(mask);
    }

    private NDArray squeezeAxes(boolean[] mask) {
        int kept = 0;
        for (boolean m : mask) if (!m) kept++;
        int[] s = new int[kept];
        for (int i = 0, k = 0; i < shape.length; i++) if (!mask[i]) s[k++] = shape[i];
        return reshape(s);
    }

    private int reducedCount(boolean[] mask) {
        int count = 1;
        for (int i = 0; i < shape.length; i++) if (mask[i]) count *= shape[i];
        return count;
    }

    /** exp(x) / Σ exp(x) along {@code axis}, computed stably. */
    public NDArray softmax(int axis) { return softmax(axis, false); }

    /** x - logsumexp(x) along {@code axis}. */
    public NDArray logSoftmax(int axis) { return softmax(axis, true); }

    private NDArray softmax(int axis, boolean log) {
        String op = log ? "log_softmax" : "softmax";
        requireFloating(op);
        int a = shape.length == 0 ? 0 : Shapes.normalizeAxis(op, axis, shape.length);
        NDArray x = shape.length == 0 ? reshape(1) : this;
        NDArray out = zeros(dtype(), device(), x.shape);
        backend.softmax(x, a, log, out);
        return out.reshape(shape);
    }

    // ================================================================ linear algebra, convolution, pooling

    /** Matrix product with NumPy's rules: 1-D operands are promoted and the added axis removed; batch axes broadcast. */
    public NDArray matmul(NDArray other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** conv2d without bias; see {@link Conv2dParams}. x (N, Cin, H, W), weight (Cout, Cin/groups, kH, kW). */
    public NDArray conv2d(NDArray weight, Conv2dParams params) {
        return Convolutions.conv2d(this, weight, params);
    }

    /** Max pooling of (N, C, H, W); returns {values, indices}. */
    public NDArray[] maxPool2dWithIndices(Pool2dParams params) {
        return Convolutions.maxPool2d(this, params);
    }

    /** Max pooling of (N, C, H, W). */
    public NDArray maxPool2d(Pool2dParams params) {
        return Convolutions.maxPool2d(this, params)[0];
    }

    /** Average pooling of (N, C, H, W). */
    public NDArray avgPool2d(Pool2dParams params) {
        return Convolutions.avgPool2d(this, params);
    }

    // ================================================================ indexing, joining, padding

    /** out[i][j] = x[index[i][j]][j] (axis 0) etc.: picks along {@code axis} with an int index of the same rank. */
    public NDArray gather(int axis, NDArray index) { return Indexing.gather(this, axis, index); }

    /** A copy of this array with {@code src} added at {@code index} along {@code axis}. */
    public NDArray scatterAdd(int axis, NDArray index, NDArray src) { return Indexing.scatterAdd(this, axis, index, src); }

    /** The entries of the 1-D int {@code index} taken along {@code axis}. */
    public NDArray indexSelect(int axis, NDArray index) { return Indexing.indexSelect(this, axis, index); }

    /** int64 one-hot encoding of an integer array: a new last axis of size {@code numClasses}. */
    public NDArray oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }

    /** Joins arrays along an existing axis. */
    public static NDArray cat(int axis, NDArray... arrays) { return Joining.cat(axis, arrays); }

    /** Joins arrays along a new axis. */
    public static NDArray stack(int axis, NDArray... arrays) { return Joining.stack(axis, arrays); }

    /** Views of consecutive pieces of the given sizes along {@code axis}. */
    public NDArray[] split(int axis, int... sizes) { return Joining.split(this, axis, sizes); }

    /** {@code chunks} views of (nearly) equal size along {@code axis}, as PyTorch's {@code torch.chunk(x, chunks, dim)}; the axis first, as in every joining op. */
    public NDArray[] chunkAlong(int axis, int chunks) { return Joining.chunk(this, chunks, axis); }

    /**
     * As {@link #chunkAlong}, in PyTorch's argument order.
     *
     * @deprecated two ints, the axis last here and first everywhere else, are easy to swap; use {@link #chunkAlong(int, int)}.
     */
    @Deprecated
    public NDArray[] chunk(int chunks, int axis) { return chunkAlong(axis, chunks); }

    /**
     * Constant padding, PyTorch's order: {@code (left, right)} of the last axis, then
     * {@code (top, bottom)} of the one before, ...; negative amounts crop.
     */
    public NDArray pad(int[] padding, double value) { return Joining.pad(this, padding, value); }

    // ================================================================ checks and printing

    void requireSameDevice(String op, NDArray other) {
        if (!device().equals(other.device()))
            throw new IllegalArgumentException(op + ": arrays are on different devices: " + device() + " " + Shapes.format(shape)
                    + " and " + other.device() + " " + Shapes.format(other.shape));
    }

    void requireFloating(String op) {
        if (!dtype().isFloating())
            throw new IllegalArgumentException(op + ": needs a floating dtype (float16, float32, float64), got " + dtype()
                    + " for shape " + Shapes.format(shape));
    }

    private void requireNotBool(String op) {
        if (dtype() == DType.BOOL) throw new IllegalArgumentException(op + ": dtype bool is not supported");
    }

    /** True when both have the same shape and |a - b| ≤ atol + rtol·|b| everywhere (NaNs equal). */
    public boolean allClose(NDArray other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) return false;
        double[] a = toDoubleArray(), b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) && Double.isNaN(b[i])) continue;
            if (a[i] == b[i]) continue;
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
        }
        return true;
    }

    /** Prints like PyTorch: the values (abbreviated with {@code ...} when large), then shape, dtype and device. */
    @Override
    public String toString() {
        return NDArrayFormatter.format(this);
    }
}
