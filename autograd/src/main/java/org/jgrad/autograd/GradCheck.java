package org.jgrad.autograd;

import java.util.Locale;
import java.util.function.Function;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * Checks analytic gradients against central finite differences in float64, as PyTorch's
 * {@code gradcheck} does, with its tolerances (eps 1e-6, atol 1e-5, rtol 1e-3).
 *
 * <p>For y = f(x₁, …, xₙ) and a fixed random R of y's shape, let L = Σ R ⊙ y. The analytic
 * gradient is what {@code y.backward(R)} puts in each xᵢ's grad; the numeric one is, element by
 * element, (L(x + ε eⱼ) - L(x - ε eⱼ)) / 2ε. They must agree within atol + rtol·|numeric|.
 * Projecting on a random R checks every row of the Jacobian at once (a wrong row changes the
 * projection with probability 1) at the cost of one backward.
 *
 * <p>Inputs are used as given (non-contiguous views are welcome) and must not overlap in memory
 * (e.g. no expanded views), since each element is perturbed in place.
 */
public final class GradCheck {
    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    private GradCheck() {}

    /**
     * Checks f at the given float64 inputs; {@code differentiable[i]} says which inputs get a
     * gradient. Throws {@link AssertionError} describing the first mismatches.
     */
    public static void check(String name, Function<Tensor[], Tensor> f, NDArray[] inputs, boolean[] differentiable) {
        Tensor[] leaves = leaves(name, inputs, differentiable);
        Tensor y = f.apply(leaves);
        if (!y.requiresGrad()) throw new AssertionError("gradcheck " + name + ": the output does not require grad (no graph was recorded)");
        NDArray projection = NDArray.randn(new Generator(name.hashCode()), DType.FLOAT64, y.shape());
        y.backward(projection);
        NDArray[] analytic = new NDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) analytic[i] = leaves[i].grad();
        compare("gradcheck " + name, inputs, differentiable, analytic, false, () -> projected(f, inputs, projection));
    }

    /**
     * Checks the second derivatives of f (PyTorch's {@code gradgradcheck}): the gradient
     * g(x, R) = ∂/∂x Σ R ⊙ f(x), computed by {@link Autograd#grad} with {@code createGraph}, is
     * itself a function of the inputs and of the projection R, and its own gradient (of Σ S ⊙ g for
     * fixed random S) is checked against finite differences of g, where each g is the first-order
     * gradient. Taking R as an input too checks the double backward of ops that are linear in x
     * (whose g depends on R only) as well as the curvature of the others. Inputs as for {@link #check}.
     */
    public static void checkSecondOrder(String name, Function<Tensor[], Tensor> f, NDArray[] inputs, boolean[] differentiable) {
        int n = inputs.length;
        int[] yShape;
        try (var scope = GradMode.noGrad()) {
            Tensor[] constants = new Tensor[n];
            for (int i = 0; i < n; i++) constants[i] = Tensor.of(inputs[i]);
            yShape = f.apply(constants).shape();
        }
        Generator gen = new Generator(name.hashCode() + 1L);
        NDArray[] all = java.util.Arrays.copyOf(inputs, n + 1);
        all[n] = NDArray.randn(gen, DType.FLOAT64, yShape);                     // R
        boolean[] diff = java.util.Arrays.copyOf(differentiable, n + 1);
        diff[n] = true;
        NDArray[] s = new NDArray[n];                                             // S, one per differentiable input
        for (int i = 0; i < n; i++) if (differentiable[i]) s[i] = NDArray.randn(gen, DType.FLOAT64, inputs[i].shape());
        Tensor[] leaves = leaves(name, all, diff);
        Tensor projected = projectedGradient(f, leaves, s, true);
        if (!projected.requiresGrad())
            throw new AssertionError("gradgradcheck " + name + ": the gradient has no graph (was it computed with createGraph?)");
        projected.backward();
        NDArray[] analytic = new NDArray[n + 1];
        for (int i = 0; i <= n; i++)
            if (diff[i]) analytic[i] = leaves[i].grad() != null ? leaves[i].grad() : NDArray.zeros(DType.FLOAT64, all[i].shape());  // a zero second derivative
        compare("gradgradcheck " + name, all, diff, analytic, true, () -> projectedGradient(f, leaves(name, all, diff), s, false).item());
    }

    /** Σ_i S_i ⊙ ∂/∂x_i (Σ R ⊙ f(x)), R the last leaf, over the inputs with an S. */
    private static Tensor projectedGradient(Function<Tensor[], Tensor> f, Tensor[] leaves, NDArray[] s, boolean createGraph) {
        int n = s.length;
        Tensor y = f.apply(java.util.Arrays.copyOf(leaves, n));
        Tensor l = y.mul(leaves[n]).sum();
        java.util.List<Tensor> wrt = new java.util.ArrayList<>();
        java.util.List<NDArray> weights = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) if (s[i] != null) { wrt.add(leaves[i]); weights.add(s[i]); }
        Tensor[] g = Autograd.grad(l, wrt.toArray(Tensor[]::new), null, createGraph);
        Tensor total = null;
        for (int k = 0; k < g.length; k++) {
            Tensor term = g[k].mul(Tensor.of(weights.get(k))).sum();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    private static Tensor[] leaves(String name, NDArray[] inputs, boolean[] differentiable) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (differentiable[i] && inputs[i].dtype() != DType.FLOAT64)
                throw new IllegalArgumentException("gradcheck " + name + ": input " + i + " must be float64, got " + inputs[i].dtype());
            leaves[i] = Tensor.of(inputs[i], differentiable[i]);
        }
        return leaves;
    }

    /** Element by element: the analytic gradient against (p(x + ε) - p(x - ε)) / 2ε of the projected value p. */
    private static void compare(String what, NDArray[] inputs, boolean[] differentiable, NDArray[] analytic, boolean secondOrder,
                                java.util.function.DoubleSupplier projectedValue) {
        StringBuilder failures = new StringBuilder();
        int failed = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (!differentiable[i]) continue;
            if (analytic[i] == null) {
                failures.append("  input ").append(i).append(": no gradient reached it\n");
                failed++;
                continue;
            }
            NDArray x = inputs[i];
            for (int j = 0; j < x.numel(); j++) {
                int[] index = Shapes.unravel(j, x.shape());
                NDArray element = elementView(x, index);
                double original = x.getDouble(index);
                element.fill(original + EPS);
                double plus = projectedValue.getAsDouble();
                element.fill(original - EPS);
                double minus = projectedValue.getAsDouble();
                element.fill(original);
                double numeric = (plus - minus) / (2 * EPS), exact = analytic[i].getDouble(index);
                if (!(Math.abs(exact - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
                    if (failed++ < 8)
                        failures.append(String.format(Locale.ROOT, "  input %d%s %s element %s: analytic %.8g, numeric %.8g%n",
                                i, secondOrder && i == inputs.length - 1 ? " (the projection R)" : "", Shapes.format(x.shape()), Shapes.format(index), exact, numeric));
                }
            }
        }
        if (failed > 0) throw new AssertionError(what + ": " + failed + " mismatches\n" + failures);
    }

    private static double projected(Function<Tensor[], Tensor> f, NDArray[] inputs, NDArray projection) {
        try (var scope = GradMode.noGrad()) {
            Tensor[] constants = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) constants[i] = Tensor.of(inputs[i]);
            return f.apply(constants).data().mul(projection).sum().item();
        }
    }

    private static NDArray elementView(NDArray x, int[] index) {
        NDArray v = x;
        for (int k = 0; k < index.length; k++) v = v.narrow(k, index[k], 1);
        return v;
    }
}
