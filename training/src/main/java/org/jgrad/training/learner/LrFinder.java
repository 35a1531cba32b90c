package org.jgrad.training.learner;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrad.autograd.Tensor;
import org.jgrad.nn.Module;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.DataLoader;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.optim.Optimizer;

/**
 * Leslie Smith's learning-rate range test, as fastai's {@code lr_find}: train for up to
 * {@code numIt} batches while the learning rate grows exponentially, record the loss, and put
 * everything back afterwards.
 *
 * <p>Before batch {@code i} (0-based) every parameter group gets
 * <pre>  lr_i = start * (end / start)^(i / (numIt - 1))</pre>
 * so the first batch runs at {@code start} and the last at {@code end} (fastai divides by
 * {@code numIt} and never quite reaches {@code end}; jgrad reaches it). Batches come from the
 * training loader, epoch after epoch if {@code numIt} exceeds one epoch. After each step the
 * loss is smoothed as fastai's recorder does, an exponential moving average debiased for its
 * start at zero:
 * <pre>  avg_i = beta * avg_{i-1} + (1 - beta) * loss_i,  avg_{-1} = 0,  smooth_i = avg_i / (1 - beta^(i+1)),  beta = 0.98</pre>
 * The sweep stops early, that batch still recorded, when {@code smooth_i > 4 * min(smooth_0..i)}
 * or {@code smooth_i} is NaN.
 *
 * <p><b>Nothing changes.</b> The model's parameters and buffers and the optimizer's state (every
 * hyperparameter of every group, step counts and buffers) are copied before the sweep and loaded
 * back after it, even when it fails, so they are bit for bit what they were; so are the model's
 * train/eval mode and the training loader's epoch (the next fit shuffles as it would have). Not
 * restored: random generators that layers draw from (dropout). The sweep calls the model, loss
 * and optimizer directly, not {@link Learner}'s loop, so the learner's callbacks do not run and
 * its recorder is untouched (jgrad differs from fastai here: there the sweep is a callback and
 * the others run with it).
 */
public final class LrFinder {
    /** fastai's defaults. */
    public static final double DEFAULT_START = 1e-7, DEFAULT_END = 10;
    public static final int DEFAULT_NUM_IT = 100;
    /** Smoothing factor of the moving average. */
    public static final double BETA = 0.98;
    /** The sweep stops when the smoothed loss exceeds this multiple of the best so far. */
    public static final double DIVERGENCE = 4;

    private LrFinder() {}

    /** The learning rate of iteration {@code i}: {@code start * (end/start)^(i/(numIt-1))} ({@code start} when numIt is 1). */
    public static double lrAt(int i, double start, double end, int numIt) {
        return numIt == 1 ? start : start * Math.pow(end / start, (double) i / (numIt - 1));
    }

    /**
     * Runs the sweep on the learner's model, optimizer and training data with its loss.
     *
     * @throws IllegalArgumentException unless {@code 0 < start < end} and {@code numIt >= 1}, or when the training loader has no batches
     */
    static LrFindResult run(Module model, Optimizer optimizer, DataLoader train, LossFunction lossFunction,
                            double start, double end, int numIt) {
        if (!(start > 0 && end > start))
            throw new IllegalArgumentException("lrFind: need 0 < start < end, got start=" + start + " end=" + end);
        if (numIt < 1) throw new IllegalArgumentException("lrFind: numIt must be >= 1, got " + numIt);
        if (train.batchCount() == 0)
            throw new IllegalArgumentException("lrFind: the training loader has no batches (" + train.dataset().size()
                    + " items, batch size " + train.batchSize() + ")");

        Map<String, NDArray> modelState = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> modelState.put(k, v.copy()));   // stateDict gives the live arrays
        Map<String, NDArray> optimizerState = optimizer.stateDict();          // already copies
        boolean wasTraining = model.isTraining();
        int loaderEpoch = train.epoch();

        double[] lrs = new double[numIt], smooth = new double[numIt], raw = new double[numIt];
        int n = 0;
        boolean diverged = false;
        try {
            model.train();
            optimizer.zeroGrad();
            double avg = 0, best = Double.POSITIVE_INFINITY;
            sweep:
            while (true) {
                for (TensorDataset.Batch batch : train) {
                    double lr = lrAt(n, start, end, numIt);
                    optimizer.setLr(lr);
                    Tensor loss = lossFunction.apply(model.forward(Tensor.of(batch.x())), batch.y());
                    double value = loss.item();
                    loss.backward();
                    optimizer.step();
                    optimizer.zeroGrad();

                    avg = BETA * avg + (1 - BETA) * value;
                    double s = avg / (1 - Math.pow(BETA, n + 1));
                    lrs[n] = lr;
                    raw[n] = value;
                    smooth[n] = s;
                    n++;
                    if (s < best) best = s;
                    if (Double.isNaN(s) || s > DIVERGENCE * best) {
                        diverged = true;
                        break sweep;
                    }
                    if (n >= numIt) break sweep;
                }
            }
        } finally {
            optimizer.zeroGrad();
            model.loadStateDict(modelState, true);
            optimizer.loadStateDict(optimizerState);
            if (wasTraining) model.train();
            else model.eval();
            train.setEpoch(loaderEpoch);
        }
        double[] l = Arrays.copyOf(lrs, n), s = Arrays.copyOf(smooth, n);
        return new LrFindResult(l, s, Arrays.copyOf(raw, n), numIt, diverged, LrSuggestions.suggest(l, s, numIt));
    }
}
