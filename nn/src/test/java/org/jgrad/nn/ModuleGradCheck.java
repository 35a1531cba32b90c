package org.jgrad.nn;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jgrad.autograd.GradCheck;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.Shapes;
import org.jgrad.tensor.random.Generator;

/**
 * {@link GradCheck} for a whole module: the gradient with respect to the input (through
 * GradCheck) and with respect to every parameter (central differences on the parameter values,
 * in place), in float64 with PyTorch's tolerances. The module is converted to float64 first; it
 * should be in a deterministic mode (e.g. eval for dropout, or train for BatchNorm, which is
 * deterministic given the batch).
 */
final class ModuleGradCheck {
    private ModuleGradCheck() {}

    static void check(String name, Module module, NDArray input, boolean inputDifferentiable) {
        check(name, module::forward, module, input, inputDifferentiable);
    }

    /** As above for any function of the module's output (e.g. a loss). */
    static void check(String name, Function<Tensor, Tensor> f, Module module, NDArray input, boolean inputDifferentiable) {
        module.to(DType.FLOAT64);
        NDArray x = input.to(DType.FLOAT64);
        if (inputDifferentiable) GradCheck.check(name + " (input)", t -> f.apply(t[0]), new NDArray[] {x}, new boolean[] {true});

        if (module.parameters().isEmpty()) return; // nothing more to check
        module.zeroGrad();
        Tensor y = f.apply(Tensor.of(x));
        NDArray projection = NDArray.randn(new Generator(name.hashCode()), DType.FLOAT64, y.shape());
        y.backward(projection);
        StringBuilder failures = new StringBuilder();
        int failed = 0;
        for (Map.Entry<String, Tensor> e : module.namedParameters().entrySet()) {
            NDArray p = e.getValue().data(), analytic = e.getValue().grad();
            if (analytic == null) {
                failures.append("  ").append(e.getKey()).append(": no gradient reached it\n");
                failed++;
                continue;
            }
            NDArray flat = p.reshape(-1);
            for (int j = 0; j < flat.numel(); j++) {
                NDArray element = flat.narrow(0, j, 1);
                double original = flat.getDouble(j);
                element.fill(original + GradCheck.EPS);
                double plus = projected(f, x, projection);
                element.fill(original - GradCheck.EPS);
                double minus = projected(f, x, projection);
                element.fill(original);
                double numeric = (plus - minus) / (2 * GradCheck.EPS), exact = analytic.reshape(-1).getDouble(j);
                if (!(Math.abs(exact - numeric) <= GradCheck.ATOL + GradCheck.RTOL * Math.abs(numeric)) && failed++ < 8)
                    failures.append(String.format(Locale.ROOT, "  %s %s element %d: analytic %.8g, numeric %.8g%n",
                            e.getKey(), Shapes.format(p.shape()), j, exact, numeric));
            }
        }
        if (failed > 0) throw new AssertionError("module gradcheck " + name + ": " + failed + " mismatches\n" + failures);
    }

    private static double projected(Function<Tensor, Tensor> f, NDArray x, NDArray projection) {
        try (var scope = GradMode.noGrad()) {
            return f.apply(Tensor.of(x)).data().mul(projection).sum().item();
        }
    }
}
