package org.jgrad.bench.report;

import java.util.Locale;

/**
 * Samples the 1-minute load average ({@link Machine#loadAverage()}) every few seconds on a daemon
 * thread while a run lasts, so a report can say how busy the machine was during it, not only at its
 * ends. Reading {@code /proc/loadavg} costs next to nothing.
 */
public final class LoadSampler implements AutoCloseable {
    private final Thread thread;
    private final double first;
    private volatile double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum;
    private volatile int count;
    private volatile double last;

    public LoadSampler(long periodMillis) {
        first = Machine.loadAverage();
        sample(first);
        thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(periodMillis);
                    sample(Machine.loadAverage());
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "load-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void sample(double load) {
        if (Double.isNaN(load)) return;
        min = Math.min(min, load);
        max = Math.max(max, load);
        sum += load;
        count++;
        last = load;
    }

    @Override
    public void close() {
        thread.interrupt();
        sample(Machine.loadAverage());
    }

    /** "1-minute load average 1.2 at the start, 1.9 at the end, 1.1–2.3 (mean 1.6) over 40 samples, on 2 cores". */
    public synchronized String describe() {
        if (count == 0) return "load average not available (no /proc/loadavg)";
        return String.format(Locale.ROOT, "1-minute load average %.2f at the start, %.2f at the end, %.2f–%.2f (mean %.2f) over %d samples"
                + " during the run, on %d cores (above the core count, other processes competed for the cores and the times include"
                + " waiting for them)", first, last, min, max, sum / count, count, Runtime.getRuntime().availableProcessors());
    }
}
