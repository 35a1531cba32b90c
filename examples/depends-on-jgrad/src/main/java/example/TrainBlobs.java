package example;

import java.util.List;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Accuracy;
import org.jgrad.training.learner.EpochResult;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.optim.Adam;

/**
 * A user's program: classify three Gaussian blobs in 2-D with a 2-16-3 MLP, trained with
 * jgrad's Learner and one-cycle; prints the epoch table's last row and returns the validation
 * accuracy.
 */
public final class TrainBlobs {
    private TrainBlobs() {}

    /** {@code n} points, a third per class, around three centres (x: (n, 2) float32, y: (n) int64). */
    static TensorDataset blobs(int n, long seed) {
        Generator g = new Generator(seed);
        NDArray labels = NDArray.randint(0, 3, g, n);
        NDArray centres = NDArray.fromArray(new float[][] {{2, 0}, {-1, 1.7f}, {-1, -1.7f}});
        NDArray x = centres.indexSelect(0, labels).add(NDArray.randn(g, DType.FLOAT32, n, 2).mul(0.6));
        return new TensorDataset(x, labels);
    }

    /** Trains for {@code epochs} epochs; returns the last epoch's validation accuracy. */
    public static double train(int epochs) {
        Generator g = new Generator(0);
        Module model = new Sequential(new Linear(2, 16, true, g), new Activations.ReLU(), new Linear(16, 3, true, g));
        DataLoaders dls = DataLoaders.of(blobs(512, 1), blobs(256, 2), 32, 7);
        Learner learn = new Learner(dls, model, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-2), List.of(new Accuracy()));
        learn.fitOneCycle(epochs, 1e-2);
        EpochResult last = learn.recorder().epochs().get(epochs - 1);
        System.out.printf("epoch %d: train_loss %.4f valid_loss %.4f accuracy %.4f%n",
                last.epoch(), last.trainLoss(), last.validLoss(), last.metrics().get("accuracy"));
        return last.metrics().get("accuracy");
    }

    public static void main(String[] args) {
        double accuracy = train(args.length > 0 ? Integer.parseInt(args[0]) : 5);
        if (accuracy < 0.9) {
            System.err.println("accuracy " + accuracy + " < 0.9");
            System.exit(1);
        }
    }
}
