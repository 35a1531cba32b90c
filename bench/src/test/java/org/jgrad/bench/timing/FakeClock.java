package org.jgrad.bench.timing;

import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told to: operations under test advance it by their "duration". */
final class FakeClock implements LongSupplier {
    private long now = 1_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    void advanceSeconds(double seconds) {
        now += Math.round(seconds * 1e9);
    }
}
