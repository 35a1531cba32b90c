package org.jgrad.bench.timing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopTimerTest {
    private final FakeClock clock = new FakeClock();
    private final LoopTimer timer = new LoopTimer(clock);

    @Test
    void timesPerCallAndIncludesTheSyncBeforeTheClockIsRead() {
        AtomicInteger calls = new AtomicInteger();
        double perCall = timer.secondsPerCall(() -> {
            calls.incrementAndGet();
            clock.advanceSeconds(0.004);
        }, () -> clock.advanceSeconds(0.010), 5);
        assertEquals(5, calls.get());
        assertEquals((5 * 0.004 + 0.010) / 5, perCall, 1e-12);
    }

    @Test
    void repeatGivesOneSamplePerLoop() {
        double[] durations = {0.001, 0.003, 0.002};
        AtomicInteger i = new AtomicInteger();
        double[] samples = timer.repeat(() -> clock.advanceSeconds(durations[i.getAndIncrement() % 3]), () -> {}, 1, 3);
        assertArrayEquals(durations, samples, 1e-12);
    }

    @Test
    void autoLoopsStopsAtTheFirstLoopCountLongEnough() {
        // 1 ms per call: 1, 2, 5, ..., 100 calls are under 0.2 s; 200 calls take 0.2 s.
        assertEquals(200, timer.autoLoops(() -> clock.advanceSeconds(0.001), () -> {}, 0.2, 1 << 20));
        // 0.3 s per call: one call is enough.
        assertEquals(1, timer.autoLoops(() -> clock.advanceSeconds(0.3), () -> {}, 0.2, 1 << 20));
        // a call that takes no time at all stops at the cap.
        assertEquals(1000, timer.autoLoops(() -> {}, () -> {}, 0.2, 1000));
    }
}
