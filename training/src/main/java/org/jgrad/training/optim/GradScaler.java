package org.jgrad.training.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jgrad.autograd.GradMode;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;

/**
 * Dynamic loss scaling for float16 training, with PyTorch's {@code GradScaler} semantics. Small
 * gradients underflow in float16 (below 2<sup>-24</sup> they are 0), so the loss is multiplied by
 * a scale S before backward, which multiplies every gradient by S; before the optimizer step the
 * float32 gradients are divided by S again. One training step:
 * <pre>{@code
 * scaler.scale(loss).backward();   // gradients are S·∂L/∂p
 * scaler.step(optimizer);          // unscale (÷S); skip the step if any gradient is inf or NaN
 * scaler.update();                 // adjust S for the next step
 * }</pre>
 * The scale adapts: a step whose gradients hold an inf or NaN (the scaled backward overflowed) is
 * skipped, S is multiplied by the backoff factor (0.5) and the count of good steps restarts; after
 * {@code growthInterval} (2000) consecutive good steps S is multiplied by the growth factor (2).
 * S starts at 2<sup>16</sup>. {@link #unscale} may be called before {@link #step} (e.g. to clip
 * gradients), at most once per step; the gradients are then not divided again. bfloat16 training
 * needs no scaler: it has float32's exponent range, so its gradients do not underflow
 * ({@code MixedPrecision} runs it without one).
 */
public final class GradScaler {
    /** PyTorch's defaults. */
    public static final double DEFAULT_INIT_SCALE = 65536, DEFAULT_GROWTH_FACTOR = 2, DEFAULT_BACKOFF_FACTOR = 0.5;
    public static final int DEFAULT_GROWTH_INTERVAL = 2000;

    private final double growthFactor, backoffFactor;
    private final int growthInterval;
    private double scale;
    private int growthTracker;
    /** This step's state: gradients unscaled, and whether they held inf or NaN; null before {@link #unscale}. */
    private Boolean foundInf;

    /** Initial scale 2^16, growth 2, backoff 0.5, interval 2000. */
    public GradScaler() {
        this(DEFAULT_INIT_SCALE, DEFAULT_GROWTH_FACTOR, DEFAULT_BACKOFF_FACTOR, DEFAULT_GROWTH_INTERVAL);
    }

    public GradScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval) {
        check(initScale, growthFactor, backoffFactor, growthInterval);
        this.scale = initScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
    }

    private static void check(double scale, double growthFactor, double backoffFactor, double growthInterval) {
        List<String> bad = new ArrayList<>();
        if (!(scale > 0) || Double.isInfinite(scale)) bad.add("scale must be finite and > 0, got " + scale);
        if (!(growthFactor > 1) || Double.isInfinite(growthFactor)) bad.add("growth factor must be finite and > 1, got " + growthFactor);
        if (!(backoffFactor > 0 && backoffFactor < 1)) bad.add("backoff factor must be in (0, 1), got " + backoffFactor);
        if (!(growthInterval >= 1 && growthInterval == Math.rint(growthInterval) && growthInterval <= Integer.MAX_VALUE))
            bad.add("growth interval must be an integer >= 1, got " + growthInterval);
        if (!bad.isEmpty()) throw new IllegalArgumentException("GradScaler: " + String.join("; ", bad));
    }

    /** The current scale S. */
    public double scale() { return scale; }
    /** Consecutive good steps since the scale last changed. */
    public int growthTracker() { return growthTracker; }
    public double growthFactor() { return growthFactor; }
    public double backoffFactor() { return backoffFactor; }
    public int growthInterval() { return growthInterval; }

    /** loss · S, to backpropagate instead of the loss. */
    public Tensor scale(Tensor loss) {
        return loss.mul(scale);
    }

    /**
     * Divides every gradient of the optimizer's parameters by S (multiplies by 1/S, as PyTorch)
     * and records whether any of them holds an inf or NaN. At most once between
     * {@link #update()}s.
     */
    public void unscale(Optimizer optimizer) {
        if (foundInf != null)
            throw new IllegalStateException("GradScaler.unscale: already called for this step; call update() after the optimizer step");
        double inverse = 1 / scale;
        boolean inf = false;
        try (var scope = GradMode.noGrad()) {
            for (ParamGroup group : optimizer.paramGroups()) {
                for (Tensor p : group.params()) {
                    NDArray g = p.grad();
                    if (g == null) continue;
                    NDArray unscaled = g.mul(inverse);
                    inf |= !isAllFinite(unscaled);
                    p.setGrad(unscaled);
                }
            }
        }
        foundInf = inf;
    }

    /** True unless x holds an inf or NaN: 0·x sums to NaN exactly when it does. */
    private static boolean isAllFinite(NDArray x) {
        return !Double.isNaN(x.mul(0).sum().item());
    }

    /**
     * Unscales the gradients (unless {@link #unscale} already did this step) and takes the
     * optimizer step if they are all finite; otherwise leaves parameters and optimizer state
     * untouched. Returns whether the step was taken.
     */
    public boolean step(Optimizer optimizer) {
        if (foundInf == null) unscale(optimizer);
        if (foundInf) return false;
        optimizer.step();
        return true;
    }

    /** Whether this step's gradients held an inf or NaN (the step is, or was, skipped). */
    public boolean foundInf() {
        if (foundInf == null) throw new IllegalStateException("GradScaler.foundInf: the gradients have not been unscaled this step");
        return foundInf;
    }

    /**
     * Ends the step: after an overflow S ← S·backoff and the good-step count restarts; otherwise
     * the count grows, and on reaching the growth interval S ← S·growth and the count restarts.
     */
    public void update() {
        if (foundInf == null) throw new IllegalStateException("GradScaler.update: no gradients were unscaled since the last update (call step or unscale first)");
        if (foundInf) {
            scale *= backoffFactor;
            growthTracker = 0;
        } else if (++growthTracker == growthInterval) {
            scale *= growthFactor;
            growthTracker = 0;
        }
        foundInf = null;
    }

    /** {@code scale}, {@code growth_factor}, {@code backoff_factor} (float64 scalars), {@code growth_interval} and {@code growth_tracker} (int64 scalars). */
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("scale", NDArray.scalar(scale, DType.FLOAT64));
        out.put("growth_factor", NDArray.scalar(growthFactor, DType.FLOAT64));
        out.put("backoff_factor", NDArray.scalar(backoffFactor, DType.FLOAT64));
        out.put("growth_interval", NDArray.scalar(growthInterval, DType.INT64));
        out.put("growth_tracker", NDArray.scalar(growthTracker, DType.INT64));
        return out;
    }

    /**
     * Restores the scale and the good-step count of a {@link #stateDict()}, after checking that
     * every key is there, holds one valid value, and that the saved factors and interval are this
     * scaler's (a different schedule would not continue the same run). On error nothing changes.
     */
    public void loadStateDict(Map<String, NDArray> dict) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (String key : stateDict().keySet()) {
            NDArray a = dict.get(key);
            if (a == null || a.numel() != 1)
                throw new IllegalArgumentException("GradScaler.loadStateDict: '" + key + "' " + (a == null ? "is missing" : "must be one value") + "; got keys " + dict.keySet());
            v.put(key, a.item());
        }
        if (dict.size() != v.size()) throw new IllegalArgumentException("GradScaler.loadStateDict: unexpected keys in " + dict.keySet());
        check(v.get("scale"), v.get("growth_factor"), v.get("backoff_factor"), v.get("growth_interval"));
        if (v.get("growth_factor") != growthFactor || v.get("backoff_factor") != backoffFactor || v.get("growth_interval") != growthInterval)
            throw new IllegalArgumentException("GradScaler.loadStateDict: saved growth " + v.get("growth_factor") + ", backoff " + v.get("backoff_factor")
                    + ", interval " + v.get("growth_interval").longValue() + " differ from this scaler's " + this);
        double tracker = v.get("growth_tracker");
        if (!(tracker >= 0 && tracker < growthInterval))
            throw new IllegalArgumentException("GradScaler.loadStateDict: growth tracker must be in [0, " + growthInterval + "), got " + tracker);
        scale = v.get("scale");
        growthTracker = (int) tracker;
        foundInf = null;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GradScaler(scale=%s, growth=%s, backoff=%s, interval=%d, tracker=%d)",
                scale, growthFactor, backoffFactor, growthInterval, growthTracker);
    }
}
