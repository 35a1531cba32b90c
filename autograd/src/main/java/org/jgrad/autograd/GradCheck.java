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
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (differentiable[i] && inputs[i].dtype() != DType.FLOAT64)
                throw new IllegalArgumentException("gradcheck " + name + ": input " + i + " must be float64, got " + inputs[i].dtype());
            leaves[i] = Tensor.of(inputs[i], differentiable[i]);
        }
        Tensor y = f.apply(leaves);
        if (!y.requiresGrad()) throw new AssertionError("gradcheck " + name + ": the output does not require grad (no graph was recorded)");
        NDArray projection = NDArray.randn(new Generator(name.hashCode()), DType.FLOAT64, y.shape());
        y.backward(projection);

        StringBuilder failures = new StringBuilder();
        int failed = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (!differentiable[i]) continue;
            NDArray analytic = leaves[i].grad();
            if (analytic == null) {
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
                double plus = projected(f, inputs, projection);
                element.fill(original - EPS);
                double minus = projected(f, inputs, projection);
                element.fill(original);
                double numeric = (plus - minus) / (2 * EPS), exact = analytic.getDouble(index);
                if (!(Math.abs(exact - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
                    if (failed++ < 8)
                        failures.append(String.format(Locale.ROOT, "  input %d %s element %s: analytic %.8g, numeric %.8g%n",
                                i, Shapes.format(x.shape()), Shapes.format(index), exact, numeric));
                }
            }
        }
        if (failed > 0) throw new AssertionError("gradcheck " + name + ": " + failed + " mismatches\n" + failures);
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
