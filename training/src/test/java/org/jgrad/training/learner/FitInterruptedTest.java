package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An interrupted fit (a notebook's interrupt) stops after the batch that was running, cleanly. */
class FitInterruptedTest {
    @Test
    void anInterruptStopsTheFitAfterTheBatchAndTheLearnerFitsAgain() {
        Learner learn = Fixtures.learner(0);   // 5 training batches an epoch
        boolean[] afterFit = new boolean[1];
        learn.addCallbacks(new Callback() {
            @Override
            public void afterBatch(Learner l) {
                if (l.isTraining() && l.recorder().batchLosses().size() == 7) Thread.currentThread().interrupt();
            }

            @Override
            public void afterFit(Learner l) {
                afterFit[0] = true;
            }
        });
        FitInterrupted e = assertThrows(FitInterrupted.class, () -> learn.fit(3, 1e-2));
        assertEquals(1, e.epoch());
        assertEquals(2, e.batches());
        assertTrue(e.getMessage().startsWith("fit interrupted after batch 2 of epoch 1"), e.getMessage());
        assertEquals(7, learn.recorder().batchLosses().size(), "no batch after the interrupt");
        assertTrue(afterFit[0], "afterFit ran: progress bars and files are finished");
        assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared");
        learn.fit(1, 1e-2);
        assertEquals(12, learn.recorder().batchLosses().size(), "a later fit runs whole");
    }
}
