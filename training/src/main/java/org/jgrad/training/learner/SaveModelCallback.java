package org.jgrad.training.learner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Checkpoints at the end of epochs with {@link Learner#save(Path)}: model, optimizer state, epochs
 * done and schedule position in one safetensors file, written atomically, so a crash leaves the
 * previous checkpoint or the new one, never a broken file. Two policies, as fastai's
 * {@code SaveModelCallback}:
 * <ul>
 *   <li>{@link #everyEpoch(Path)}: after every epoch, overwriting the file (it always holds the
 *       latest epoch: resume with {@code learn.load(path)} and {@code fitOneCycle(..., epoch)});</li>
 *   <li>{@link #best(Path, Monitor)}: only after an epoch that improves the {@link Monitor}ed value,
 *       so the file keeps the best model so far.</li>
 * </ul>
 * A failed write surfaces as an {@link UncheckedIOException} that ends the fit.
 */
public final class SaveModelCallback implements Callback {
    private final Path path;
    private final Monitor monitor;
    private double best = Double.NaN;
    private int bestEpoch = -1, saves;

    private SaveModelCallback(Path path, Monitor monitor) {
        this.path = path;
        this.monitor = monitor;
    }

    /** Saves after every epoch, to {@code path}. */
    public static SaveModelCallback everyEpoch(Path path) {
        return new SaveModelCallback(path, null);
    }

    /** Saves to {@code path} after each epoch that improves {@code monitor}. */
    public static SaveModelCallback best(Path path, Monitor monitor) {
        return new SaveModelCallback(path, monitor);
    }

    @Override
    public void beforeFit(Learner learner) {
        best = Double.NaN;
        bestEpoch = -1;
    }

    @Override
    public void afterEpoch(Learner learner) {
        if (monitor != null) {
            double value = monitor.read(learner);
            if (!monitor.improves(value, best)) return;
            best = value;
            bestEpoch = learner.epoch();
        }
        try {
            learner.save(path);
            saves++;
        } catch (IOException e) {
            throw new UncheckedIOException("SaveModelCallback: cannot write " + path + " after epoch " + learner.epoch(), e);
        }
    }

    public Path path() { return path; }

    /** The best monitored value in the current (or last) fit; NaN for {@link #everyEpoch}. */
    public double best() { return best; }

    /** The epoch of the checkpoint kept by {@link #best}, or -1. */
    public int bestEpoch() { return bestEpoch; }

    /** Checkpoints written so far. */
    public int saves() { return saves; }
}
