package org.jgrad.training.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.EpochResult;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.learner.TrainingPlots;
import org.jgrad.training.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * The tour's page 4 (docs/tour/4-training-loop.md): a 2-32-3 MLP learns the {@link Spiral} with a
 * loop written out (forward, cross-entropy, backward, SGD step), then with the {@link Learner} from
 * the same start: the test checks that the Learner's batch losses are the hand loop's. Writes
 * figures/training-loop.txt and figures/training-loop-losses.png.
 */
class TrainingLoopTourTest {
    private static final Path FIGURES = Path.of("..", "docs", "tour", "figures");
    // notebook:begin epochs
    private static final int EPOCHS = 20;
    // notebook:end epochs

    @Test
    void theLearnerRunsTheLoopWrittenByHand() throws IOException {
        // notebook:begin data
        // notebook:uses training/src/test/java/org/jgrad/training/tour/Spiral.java#spiral
        // notebook:end data
        // tour:begin data
        TensorDataset trainSet = Spiral.points(160, 1), validSet = Spiral.points(50, 2);   // x (480, 2), y (480) in {0, 1, 2}
        // tour:end data

        // tour:begin params
        Generator g = new Generator(0);
        Tensor w1 = Tensor.param(NDArray.randn(g, DType.FLOAT32, 2, 32).mul(Math.sqrt(2.0 / 2)));   // Kaiming: std √(2 / fan_in)
        Tensor b1 = Tensor.param(NDArray.zeros(32));
        Tensor w2 = Tensor.param(NDArray.randn(g, DType.FLOAT32, 32, 3).mul(Math.sqrt(2.0 / 32)));
        Tensor b2 = Tensor.param(NDArray.zeros(3));
        List<Tensor> params = List.of(w1, b1, w2, b2);
        // tour:end params
        // notebook:begin loop
        // notebook:uses #epochs
        Map<String, NDArray> start = new LinkedHashMap<>();   // the same start for the Learner below (Linear keeps Wᵀ)
        start.put("0.weight", w1.data().mT().contiguous());
        start.put("0.bias", b1.data().copy());
        start.put("2.weight", w2.data().mT().contiguous());
        start.put("2.bias", b2.data().copy());
        List<Double> handLosses = new ArrayList<>();
        // notebook:end loop
        // tour:begin loop
        DataLoader train = new DataLoader(trainSet, 32, true, 7);   // shuffled batches of 32, a new order every epoch
        double lr = 0.5;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (TensorDataset.Batch batch : train) {
                Tensor logits = Tensor.of(batch.x()).matmul(w1).add(b1).relu().matmul(w2).add(b2);   // (B, 3)
                Tensor loss = logits.logSoftmax(1).gather(1, batch.y().unsqueeze(1)).mean().neg();    // cross-entropy
                loss.backward();                                      // dL/dθ into every parameter's grad()
                for (Tensor p : params) {
                    p.data().assign(p.data().sub(p.grad().mul(lr)));  // θ ← θ − η·dL/dθ (NDArray ops: not recorded)
                    p.zeroGrad();                                     // or the next backward adds to it
                }
                handLosses.add(loss.item());
            }
        }
        // tour:end loop
        // tour:begin accuracy
        NDArray validLogits = Tensor.of(validSet.x()).matmul(w1).add(b1).relu().matmul(w2).add(b2).data();
        double handAccuracy = validLogits.argmax(1, false).eq(validSet.y()).to(DType.FLOAT64).mean().item();
        // tour:end accuracy
        // notebook:begin accuracy.after
        // notebook-only: %timeit -n 200 -r 5 Tensor.of(validSet.x()).matmul(w1).add(b1).relu().matmul(w2).add(b2)   // one forward pass of the 150 points
        // notebook:end accuracy.after

        // notebook:begin learner
        // notebook:uses #callback
        // notebook:end learner
        // tour:begin learner
        Module model = new Sequential(new Linear(2, 32), new Activations.ReLU(), new Linear(32, 3));
        model.loadStateDict(start, true);                          // the hand loop's starting point
        DataLoaders dls = DataLoaders.of(trainSet, validSet, 32, 7);
        Learner learn = new Learner(dls, model, new CrossEntropyLoss()::forward,
                groups -> new Sgd(groups, lr, 0, 0, 0, false), List.of(new Accuracy()));
        GradientNorm norms = new GradientNorm();
        learn.addCallbacks(norms);
        learn.fit(EPOCHS, lr);
        // tour:end learner
        // notebook:begin learner.after
        // notebook-only: Png.losses(learn.recorder())                 // the Learner's losses, drawn under the cell
        // notebook:end learner.after

        List<Double> learnerLosses = learn.recorder().batchLosses();
        assertEquals(handLosses.size(), learnerLosses.size());
        for (int i = 0; i < handLosses.size(); i++)
            assertEquals(handLosses.get(i), learnerLosses.get(i), 1e-4 * Math.max(1, handLosses.get(i)), "batch " + i);
        double learnerAccuracy = learn.lastValidation().metrics().get("accuracy");
        assertTrue(handAccuracy > 0.9, "the hand loop learns the spiral: " + handAccuracy);
        assertEquals(handAccuracy, learnerAccuracy, 1.0 / validSet.size() + 1e-9);
        assertEquals(handLosses.size(), norms.norms.size());
        assertTrue(norms.norms.stream().allMatch(n -> n > 0 && Double.isFinite(n)));

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "hand loop: %d batches, last loss %.4f, validation accuracy %.4f%n",
                handLosses.size(), handLosses.get(handLosses.size() - 1), handAccuracy));
        out.append("Learner:\nepoch  train_loss  valid_loss  accuracy  |grad| (last batch)\n");
        for (EpochResult e : learn.recorder().epochs()) {
            if (e.epoch() % 5 != 4 && e.epoch() != 0) continue;
            int last = learn.recorder().epochEnds().get(e.epoch()) - 1;
            out.append(String.format(Locale.ROOT, "%-5d  %.4f      %.4f      %.4f    %.4f%n", e.epoch(), e.trainLoss(), e.validLoss(),
                    e.metrics().get("accuracy"), norms.norms.get(last)));
        }
        out.append("\n").append(learn).append('\n');
        Files.writeString(FIGURES.resolve("training-loop.txt"), out.toString());
        TrainingPlots.writeLosses(learn.recorder(), FIGURES.resolve("training-loop-losses.png"));
    }

    // tour:begin callback
    /** A callback: records the norm of the whole gradient, √(Σ g²) over every parameter, after each backward. */
    static final class GradientNorm implements Callback {
        final List<Double> norms = new ArrayList<>();

        @Override
        public void afterBackward(Learner learn) {
            double sumOfSquares = 0;
            for (Tensor p : learn.model().parameters()) sumOfSquares += p.grad().mul(p.grad()).sum().item();
            norms.add(Math.sqrt(sumOfSquares));
        }
    }
    // tour:end callback
}
