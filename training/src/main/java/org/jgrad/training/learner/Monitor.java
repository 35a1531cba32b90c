package org.jgrad.training.learner;

/**
 * A quantity a tracking callback ({@link EarlyStopping}, {@link SaveModelCallback}) watches at the
 * end of every epoch, as fastai's {@code TrackerCallback}: {@code valid_loss}, {@code train_loss},
 * or a metric by its {@link Metric#name()}, and whether lower or higher is better.
 *
 * <p>A value improves on the best when, with {@code minDelta >= 0}: {@code value < best − minDelta}
 * (mode {@link Mode#MIN}) or {@code value > best + minDelta} ({@link Mode#MAX}). NaN never improves.
 *
 * @param name     {@code valid_loss}, {@code train_loss} or a metric name
 * @param mode     lower or higher is better
 * @param minDelta the least change that counts as an improvement
 */
public record Monitor(String name, Mode mode, double minDelta) {
    /** Lower or higher is better. */
    public enum Mode { MIN, MAX }

    public Monitor {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("Monitor: needs a name");
        if (mode == null) throw new IllegalArgumentException("Monitor: needs a mode");
        if (!(minDelta >= 0)) throw new IllegalArgumentException("Monitor: minDelta must be >= 0, got " + minDelta);
    }

    /** {@code valid_loss}, lower is better, any decrease counts. */
    public static Monitor validLoss() {
        return new Monitor("valid_loss", Mode.MIN, 0);
    }

    /**
     * {@code name} with the mode guessed as fastai does: lower is better for names containing
     * {@code loss} or {@code error} (and {@code mse}, {@code mae}), higher otherwise.
     */
    public static Monitor of(String name, double minDelta) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        boolean lower = n.contains("loss") || n.contains("error") || n.equals("mse") || n.equals("mae");
        return new Monitor(name, lower ? Mode.MIN : Mode.MAX, minDelta);
    }

    /** The watched value for the epoch just finished (NaN when not available). */
    public double read(Learner learner) {
        if (name.equals("valid_loss")) return learner.lastValidation() == null ? Double.NaN : learner.lastValidation().loss();
        if (name.equals("train_loss")) {
            var epochs = learner.recorder().epochs();
            return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).trainLoss();
        }
        Learner.Validation v = learner.lastValidation();
        if (v == null || !v.metrics().containsKey(name)) {
            if (learner.metrics().stream().noneMatch(m -> m.name().equals(name)))
                throw new IllegalArgumentException("Monitor: no metric named '" + name + "' (valid_loss, train_loss or one of the learner's metrics)");
            return Double.NaN;
        }
        return v.metrics().get(name);
    }

    /** Whether {@code value} improves on {@code best} (any non-NaN value improves on NaN). */
    public boolean improves(double value, double best) {
        if (Double.isNaN(value)) return false;
        if (Double.isNaN(best)) return true;
        return mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
    }
}
