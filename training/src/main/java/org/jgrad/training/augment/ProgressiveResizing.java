package org.jgrad.training.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.Learner;

/**
 * Progressive resizing (fastai, lesson 7): train the first epochs on smaller images, which are
 * cheaper, then on the full size. A schedule of phases {@code size:epochs}, e.g.
 * {@code 14:3,28:1}: epochs 0–2 see 14×14 images, epoch 3 sees 28×28 ones. It is both a step of
 * the data loaders (it resizes every batch's images, bilinearly, with {@link Resize}) and a
 * callback (before each epoch it picks that epoch's size), so one one-cycle schedule spans all
 * phases and the size of epoch {@code e} depends only on {@code e}: a run resumed at epoch
 * {@code e} sees the sizes the uninterrupted run saw. Add it to the learner's callbacks and put it
 * on both loaders, before anything that moves batches to a device; validation then runs at the
 * size of its epoch, so the table's last row (the last phase, normally the full size) is the one
 * that measures the model as it will be used.
 *
 * <p>The model must take every size of the schedule: one ending in global pooling does, and so does
 * {@code MnistCnn}, whose five stride-2 convolutions bring any image of at most 32×32 to 1×1.
 * Halving 28 to 14 with bilinear taps at {@code 2y + 0.5} averages each 2×2 block exactly.
 */
public final class ProgressiveResizing implements Callback, UnaryOperator<TensorDataset.Batch> {
    /** {@code epochs} epochs on {@code size}×{@code size} images. */
    public record Phase(int size, int epochs) {
        public Phase {
            if (size < 1 || epochs < 1) throw new IllegalArgumentException("progressive resizing: a phase needs size >= 1 and epochs >= 1, got "
                    + size + ":" + epochs);
        }
    }

    private final List<Phase> phases;
    private volatile int size;

    public ProgressiveResizing(List<Phase> phases) {
        if (phases.isEmpty()) throw new IllegalArgumentException("progressive resizing: no phases");
        this.phases = List.copyOf(phases);
        this.size = this.phases.get(0).size();
    }

    /**
     * The schedule written {@code SIZE:EPOCHS,SIZE:EPOCHS,...}, e.g. {@code 14:3,28:1}.
     *
     * @throws IllegalArgumentException naming the part that is not {@code SIZE:EPOCHS} with positive integers
     */
    public static ProgressiveResizing parse(String spec) {
        List<Phase> phases = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String[] se = part.trim().split(":", -1);
            try {
                if (se.length != 2) throw new NumberFormatException();
                phases.add(new Phase(Integer.parseInt(se[0].trim()), Integer.parseInt(se[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--progressive: expected SIZE:EPOCHS[,SIZE:EPOCHS...] such as 14:3,28:1, got '" + part
                        + "' in '" + spec + "'");
            }
        }
        return new ProgressiveResizing(phases);
    }

    public List<Phase> phases() { return phases; }

    /** The epochs of all phases together: the length of the one-cycle schedule. */
    public int totalEpochs() {
        return phases.stream().mapToInt(Phase::epochs).sum();
    }

    /** The image size of the last phase. */
    public int finalSize() {
        return phases.get(phases.size() - 1).size();
    }

    /** The image size of epoch {@code epoch} (0-based); epochs past the schedule keep the last size. */
    public int sizeAt(int epoch) {
        int end = 0;
        for (Phase p : phases) {
            end += p.epochs();
            if (epoch < end) return p.size();
        }
        return finalSize();
    }

    /** The size batches are resized to now. */
    public int currentSize() { return size; }

    @Override
    public void beforeEpoch(Learner learner) {
        size = sizeAt(learner.epoch()); // before the epoch's loaders start their producer threads
    }

    @Override
    public TensorDataset.Batch apply(TensorDataset.Batch batch) {
        int s = size;
        return new TensorDataset.Batch(new Resize(s, s).transform(batch.x()), batch.y());
    }

    /** {@code 14:3,28:1}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Phase p : phases) parts.add(String.format(Locale.ROOT, "%d:%d", p.size(), p.epochs()));
        return String.join(",", parts);
    }
}
