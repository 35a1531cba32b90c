package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jgrad.nn.Module;
import org.jgrad.nn.Sequential;
import org.jgrad.nn.layers.Activations;
import org.jgrad.nn.layers.Linear;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.optim.Adam;
import org.jgrad.training.schedule.OneCycle;
import org.junit.jupiter.api.Test;

class LearnerTest {
    private static Learner learner(long seed) {
        Generator g = new Generator(seed);
        Module model = new Sequential(new Linear(2, 16, true, g), new Activations.ReLU(), new Linear(16, 3, true, g));
        DataLoaders dls = DataLoaders.of(Fixtures.blobs(600, 1), Fixtures.blobs(300, 2), 32, seed);
        return new Learner(dls, model, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-3), List.of(new Accuracy()));
    }

    @Test
    void fitOneCycleLearnsAndRecordsEverything() {
        Learner learn = learner(0);
        double before = learn.validate().metrics().get("accuracy");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        learn.addCallbacks(new ProgressPrinter(new PrintStream(text, true, StandardCharsets.UTF_8)));
        learn.fitOneCycle(3, 1e-2);
        double after = learn.recorder().epochs().get(2).metrics().get("accuracy");
        assertTrue(before < 0.7, "untrained accuracy " + before);
        assertTrue(after >= 0.95, "accuracy after 3 epochs " + after);
        assertEquals(3, learn.recorder().epochs().size());
        assertTrue(learn.toString().startsWith("Learner: 600 training and 300 validation items in batches of 32; 3 epochs done\n"
                + "optimizer: AdamW, 2 parameter groups\n    0: layer group 0, 2 parameters (0.weight, 2.weight): lr="), learn.toString());
        assertTrue(learn.toString().contains("\nmetrics: accuracy\nmodel: Sequential("), learn.toString());
        int perEpoch = learn.dls().train().batchCount();
        assertEquals(3 * perEpoch, learn.recorder().batchLosses().size());
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("epoch  train_loss  valid_loss  accuracy   time"), printed);

        // the learning rate followed one-cycle per batch over the whole run
        List<Double> lrs = learn.recorder().learningRates();
        var schedule = new OneCycle().lr(1e-2);
        for (int i : new int[] {0, perEpoch, lrs.size() / 4, lrs.size() - 1})
            assertEquals(schedule.at((double) i / lrs.size()), lrs.get(i), 1e-12, "batch " + i);
    }

    @Test
    void callbacksCanCancelTheFit() {
        Learner learn = learner(1);
        learn.addCallbacks(new Callback() {
            int batches;

            @Override
            public void afterBatch(Learner l) {
                if (++batches == 5) throw Callback.Cancel.FIT;
            }
        });
        learn.fit(2, 1e-3);
        assertEquals(5, learn.recorder().batchLosses().size());
        assertEquals(0, learn.recorder().epochs().size());
    }
}
