package org.jgrad.bench.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimeitTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void printsMeanAndStdOverRunsLikeIpython() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicInteger calls = new AtomicInteger();
        // 1 ms and 2 ms calls in turn; loops of 2 calls each last 3 ms; with a fixed loop count of 1
        // the 4 runs are 1, 2, 1, 2 ms: mean 1.5 ms, population std 0.5 ms.
        Timeit.Result r = Timeit.repeats(4).withLoops(1).withClock(clock)
                .printingTo(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .time(() -> clock.advanceSeconds(calls.getAndIncrement() % 2 == 0 ? 0.001 : 0.002));
        assertEquals(0.0015, r.meanSeconds(), 1e-12);
        assertEquals(0.0005, r.stdSeconds(), 1e-12);
        assertEquals("1.5 ms ± 500 µs per loop (mean ± std. dev. of 4 runs, 1 loop each)\n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void choosesTheLoopCountAutomaticallyAndSynchronizesEveryLoop() {
        AtomicInteger syncs = new AtomicInteger();
        // 11 µs per call: 20,000 calls make the first loop of at least 0.2 s.
        Timeit.Result r = Timeit.defaults().withClock(clock).printingTo(null)
                .withSync(syncs::incrementAndGet)
                .time(() -> clock.advanceSeconds(11e-6));
        assertEquals(20_000, r.loops());
        assertEquals(7, r.runs());
        assertEquals(11e-6, r.meanSeconds(), 1e-12);
        assertEquals(0, r.stdSeconds(), 1e-12);
        // 1, 2, 5, 10, ..., 20,000: 14 calibration loops, then 7 runs, each followed by one sync.
        assertEquals(14 + 7, syncs.get());
        assertEquals("11 µs ± 0 ns per loop (mean ± std. dev. of 7 runs, 20000 loops each)", r.toString());
    }

    @Test
    void supplierResultsOnTheCpuNeedNoSync() {
        Timeit.Result r = Timeit.repeats(2).withLoops(3).withClock(clock).printingTo(null).time(() -> {
            clock.advanceSeconds(0.25);
            return org.jgrad.tensor.NDArray.of(1f, 2f);
        });
        assertEquals(0.25, r.meanSeconds(), 1e-12);
        assertEquals("250 ms ± 0 ns per loop (mean ± std. dev. of 2 runs, 3 loops each)", r.toString());
    }

    @Test
    void formatsWithThreeSignificantDigitsInTheLargestFittingUnit() {
        assertEquals("1.23 ms", Timeit.formatSeconds(0.0012345));
        assertEquals("25 ns", Timeit.formatSeconds(2.5e-8));
        assertEquals("0 ns", Timeit.formatSeconds(0));
        assertEquals("1 ms", Timeit.formatSeconds(0.001));
        assertEquals("1 ms", Timeit.formatSeconds(0.0009997));
        assertEquals("500 ms", Timeit.formatSeconds(0.5));
        assertEquals("12.3 s", Timeit.formatSeconds(12.34));
        assertEquals("0.5 ns", Timeit.formatSeconds(5e-10));
    }
}
