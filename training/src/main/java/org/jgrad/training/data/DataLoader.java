package org.jgrad.training.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.UnaryOperator;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;

/**
 * Batches of a {@link TensorDataset}, in a new seeded random order each epoch when shuffling
 * (epoch e's order depends only on the seed and e), the last short batch dropped on request. A
 * background thread prepares the next batches (gathering items and applying the batch transform)
 * while the caller trains on the current one. (An epoch abandoned half way leaves its daemon
 * producer parked with at most {@value #PREFETCH} batches until the JVM exits.)
 */
public final class DataLoader implements Iterable<TensorDataset.Batch> {
    /** Batches prepared ahead of the consumer. */
    private static final int PREFETCH = 2;

    private final TensorDataset dataset;
    private final int batchSize;
    private final boolean shuffle, dropLast;
    private final Generator generator;
    private final UnaryOperator<TensorDataset.Batch> batchTransform;
    private int epoch;

    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed,
                      UnaryOperator<TensorDataset.Batch> batchTransform) {
        this(dataset, batchSize, shuffle, dropLast, new Generator(seed), batchTransform);
    }

    private DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, boolean dropLast, Generator generator,
                       UnaryOperator<TensorDataset.Batch> batchTransform) {
        if (dataset == null) throw new IllegalArgumentException("DataLoader: the dataset is null");
        if (batchSize < 1) throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + batchSize);
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.generator = generator;
        this.batchTransform = batchTransform == null ? UnaryOperator.identity() : batchTransform;
    }

    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, long seed) {
        this(dataset, batchSize, shuffle, shuffle, seed, null);
    }

    /** This loader (same order, same epoch) with {@code next} applied to each batch after its own transform, e.g. a move to a device. */
    public DataLoader andThen(UnaryOperator<TensorDataset.Batch> next) {
        DataLoader then = new DataLoader(dataset, batchSize, shuffle, dropLast, generator, b -> next.apply(batchTransform.apply(b)));
        then.epoch = epoch;
        return then;
    }

    public TensorDataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch. */
    public int batchCount() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The epoch the next iteration starts (its shuffle order); see {@link #setEpoch(int)}. */
    public int epoch() {
        return epoch;
    }

    /** Sets the epoch the next iteration starts (e.g. when resuming); iterating advances it. */
    public void setEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("DataLoader: the epoch must be >= 0, got " + epoch);
        this.epoch = epoch;
    }

    /** One epoch of batches; each call starts the next epoch. */
    @Override
    public Iterator<TensorDataset.Batch> iterator() {
        int n = dataset.size();
        NDArray order = shuffle ? Permutations.random(n, generator, epoch) : TensorDataset.arangeIndices(0, n);
        epoch++;
        int batches = batchCount();
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
        Thread producer = new Thread(() -> {
            try {
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize, to = Math.min(n, from + batchSize);
                    queue.put(batchTransform.apply(dataset.batch(order.narrow(0, from, to - from))));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {   // handed to the consumer, which would otherwise wait forever
                try {
                    queue.put(e);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "jgrad-data-loader");
        producer.setDaemon(true);
        producer.start();
        return new Iterator<>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < batches;
            }

            @Override
            public TensorDataset.Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                Object item = takeEvenIfInterrupted();
                if (item instanceof Throwable failure)
                    throw new IllegalStateException("DataLoader: preparing batch " + taken + " failed: " + failure.getMessage(), failure);
                taken++;
                return (TensorDataset.Batch) item;
            }

            /**
             * The next item, waiting on through an interrupt: the producer delivers every batch (or
             * its failure) soon, and the interrupt stays set for the caller to act on at a batch
             * boundary (a Learner stops its fit there, {@code FitInterrupted}) instead of cutting a
             * fit inside its data.
             */
            private Object takeEvenIfInterrupted() {
                boolean interrupted = false;
                try {
                    while (true) {
                        try {
                            return queue.take();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                } finally {
                    if (interrupted) Thread.currentThread().interrupt();
                }
            }
        };
    }
}
