package org.jgrad.training.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jgrad.autograd.Tensor;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.optim.Lr;
import org.jgrad.training.optim.Optimizer;
import org.jgrad.training.optim.ParamGroup;
import org.jgrad.training.optim.Sgd;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    static final double TOL = 1e-15;

    /** fastai's SchedCos written out: s + (1 + cos(π(1 − p)))(e − s)/2. */
    static double cos(double s, double e, double p) {
        return s + (1 + Math.cos(Math.PI * (1 - p))) * (e - s) / 2;
    }

    @Test
    void annealersAtChosenPositions() {
        double[] ps = {0, 0.1, 0.25, 0.5, 0.8, 1};
        for (double p : ps) {
            assertEquals(0.3, Schedule.constant(0.3).at(p), TOL);
            assertEquals(2 + p * (10 - 2), Schedule.linear(2, 10).at(p), 1e-14);
            assertEquals(cos(1e-3, 1e-6, p), Schedule.cosine(1e-3, 1e-6).at(p), TOL);
            assertEquals(1e-7 * Math.pow(10 / 1e-7, p), Schedule.exponential(1e-7, 10).at(p), 1e-12 * Math.pow(10 / 1e-7, p));
            assertEquals(1 + (0 - 1) * p * p, Schedule.polynomial(1, 0, 2).at(p), TOL);
        }
        assertEquals(1e-3, Schedule.cosine(1e-3, 1e-6).at(0), TOL);
        assertEquals(1e-6, Schedule.cosine(1e-3, 1e-6).at(1), TOL);
        assertEquals((1e-3 + 1e-6) / 2, Schedule.cosine(1e-3, 1e-6).at(0.5), TOL);
    }

    @Test
    void steps() {
        Schedule s = Schedule.steps(new double[] {0.5, 0.75}, new double[] {0.1, 0.01, 0.001});
        assertEquals(0.1, s.at(0));
        assertEquals(0.1, s.at(0.49));
        assertEquals(0.01, s.at(0.5));
        assertEquals(0.001, s.at(0.75));
        assertEquals(0.001, s.at(1));
        assertThrows(IllegalArgumentException.class, () -> Schedule.steps(new double[] {0.5, 0.4}, new double[] {1, 2, 3}));
    }

    @Test
    void combineLikeFastai() {
        Schedule s = Schedule.combine(new double[] {0.3, 0.7}, Schedule.linear(0, 1), Schedule.cosine(1, 0));
        assertEquals(0, s.at(0), TOL);
        assertEquals(0.5, s.at(0.15), 1e-14);
        assertEquals(cos(1, 0, 0), s.at(0.3), TOL);
        assertEquals(cos(1, 0, (0.65 - 0.3) / 0.7), s.at(0.65), 1e-14);
        assertEquals(0, s.at(1), TOL);
        // three phases, one of zero length
        Schedule t = Schedule.combine(new double[] {0.5, 0, 0.5}, Schedule.constant(1), Schedule.constant(2), Schedule.constant(3));
        assertEquals(1, t.at(0.25));
        assertEquals(3, t.at(0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedule.combine(new double[] {0.5, 0.4}, Schedule.constant(1), Schedule.constant(2)));
    }

    @Test
    void flatThenCosine() {
        Schedule s = Schedule.flatCosine(1e-2, 1e-7, 0.75);
        assertEquals(1e-2, s.at(0));
        assertEquals(1e-2, s.at(0.7));
        assertEquals(cos(1e-2, 1e-7, (0.9 - 0.75) / 0.25), s.at(0.9), TOL);
        assertEquals(1e-7, s.at(1), TOL);
    }

    // ------------------------------------------------------------------ one-cycle

    /** fit_one_cycle's lr from REFERENCE.md, written out independently. */
    static double oneCycleLr(double lrMax, double pos) {
        double pct = 0.25;
        return pos < pct ? cos(lrMax / 25, lrMax, pos / pct) : cos(lrMax, lrMax / 1e5, (pos - pct) / (1 - pct));
    }

    static double oneCycleMom(double pos) {
        double pct = 0.25;
        return pos < pct ? cos(0.95, 0.85, pos / pct) : cos(0.85, 0.95, (pos - pct) / (1 - pct));
    }

    @Test
    void oneCycleAtChosenPositions() {
        OneCycle oc = new OneCycle();
        Schedule lr = oc.lr(1e-2), mom = oc.momentum();
        assertEquals(1e-2 / 25, lr.at(0), TOL);
        assertEquals(0.95, mom.at(0), TOL);
        assertEquals(1e-2, lr.at(0.25), TOL);
        assertEquals(0.85, mom.at(0.25), TOL);
        assertEquals((1e-2 / 25 + 1e-2) / 2, lr.at(0.125), TOL);
        assertEquals(0.9, mom.at(0.125), 1e-15);
        assertEquals((1e-2 + 1e-7) / 2, lr.at(0.625), TOL);
        assertEquals(1e-7, lr.at(1), TOL);
        assertEquals(0.95, mom.at(1), TOL);
    }

    @Test
    void oneCyclePerBatchOverAWholeRun() {
        // 3 epochs of 7 batches: the position is the global batch index over 21, not per epoch
        int epochs = 3, perEpoch = 7, total = epochs * perEpoch;
        double lrMax = 3e-3;
        Tensor p = Tensor.param(NDArray.of(1.0, 2.0));
        Adam opt = Adam.fastai(List.of(ParamGroup.of(p)), 1e-3);
        Scheduler s = new OneCycle().scheduler(opt, total, lrMax);
        int checked = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int b = 0; b < perEpoch; b++) {
                s.beforeBatch();
                double pos = (double) (epoch * perEpoch + b) / total;
                ParamGroup g = opt.paramGroups().get(0);
                assertEquals(oneCycleLr(lrMax, pos), g.lr(), TOL, "batch " + (epoch * perEpoch + b));
                assertEquals(oneCycleMom(pos), g.momentum(), TOL, "batch " + (epoch * perEpoch + b));
                p.setGrad(NDArray.of(0.5, -0.5));
                opt.step();
                opt.zeroGrad();
                s.afterBatch();
                checked++;
            }
        }
        assertEquals(total, checked);
        assertEquals(total, s.batchesDone());
    }

    @Test
    void oneCycleWithDiscriminativeLearningRates() {
        Tensor a = Tensor.param(NDArray.of(1.0)), b = Tensor.param(NDArray.of(1.0)), c = Tensor.param(NDArray.of(1.0));
        Optimizer opt = new Sgd(List.of(ParamGroup.of(a).layerGroup(0), ParamGroup.of(b).layerGroup(1), ParamGroup.of(c).layerGroup(2)),
                0.1, 0.9, 0, 0, false);
        Scheduler s = new OneCycle().scheduler(opt, 40, Lr.slice(1e-5, 1e-3));
        s.setBatchesDone(13);
        s.beforeBatch();
        double pos = 13 / 40.0;
        double[] peaks = {1e-5, 1e-4, 1e-3};
        for (int i = 0; i < 3; i++) {
            assertEquals(oneCycleLr(peaks[i], pos), opt.paramGroups().get(i).lr(), peaks[i] * 1e-12);
            assertEquals(oneCycleMom(pos), opt.paramGroups().get(i).momentum(), TOL);
        }
    }

    @Test
    void schedulerOtherSchedulesAndChecks() {
        Tensor p = Tensor.param(NDArray.of(1.0));
        Sgd opt = Sgd.of(List.of(p), 0.1);
        Scheduler s = new Scheduler(opt, 10).schedule(ParamGroup.LR, Schedule.linear(1, 0));
        s.setBatchesDone(4);
        s.beforeBatch();
        assertEquals(0.6, opt.paramGroups().get(0).lr(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(opt, 10).schedule(ParamGroup.BETA2, Schedule.constant(0.9)));
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(opt, 0));
    }
}
