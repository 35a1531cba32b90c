package org.jgrad.tensor.random;

/**
 * A seeded, stateful, thread-safe source of Philox offsets: the user-facing random generator.
 *
 * <p>The state is a pair {@code (seed, offset)}. The seed is the 64-bit Philox key; the offset is
 * the next unused Philox counter (see {@link RandomStream} for how a draw maps
 * {@code (seed, offset, i)} to numbers). Every draw first calls {@link #reserve(long)} (or
 * {@link #advance(long)}, which also returns the seed atomically), which returns the current
 * offset and moves it forward, so no two draws share a counter:
 * <pre>
 *   reserve(count):  o = offset;  offset = o + roundUp(count, 4);  return o
 * </pre>
 * where {@code count} is the number of elements of the draw (the offset arithmetic wraps modulo
 * 2<sup>64</sup>). A draw of {@code n} elements touches at most {@code ceil(n/2) <= roundUp(n, 4)}
 * counters (64-bit draws use one counter per 2 elements, 32-bit draws one per 4), so successive
 * draws never overlap, and offsets stay multiples of 4 (the PyTorch convention). With 2<sup>64</sup>
 * counters the rounding waste is immaterial.
 *
 * <p>Saving {@link #getState()} and restoring it with {@link #setState(long, long)} replays the
 * same numbers. {@link #manualSeed(long)} sets the seed and resets the offset to 0.
 *
 * <p>{@link #global()} is the process-wide default generator. Its initial seed is the system
 * property {@code jgrad.seed} (parsed by {@link Long#decode}, so {@code 42}, {@code 0x2A} and
 * {@code -1} all work) or, if unset, {@link #DEFAULT_SEED} = {@code 0x5EED}.
 */
public final class Generator {
    /** Seed of {@link #global()} when the {@code jgrad.seed} property is unset: {@code 0x5EED}. */
    public static final long DEFAULT_SEED = 0x5EEDL;

    /** An immutable snapshot of a generator's state. */
    public record State(long seed, long offset) {}

    private static final Generator GLOBAL = new Generator(initialGlobalSeed());

    private long seed;
    private long offset;
    private RandomStream stream;

    /** A generator with the given seed and offset 0. */
    public Generator(long seed) {
        this.seed = seed;
        this.offset = 0;
        this.stream = new RandomStream(seed);
    }

    /** The process-wide default generator (see the class comment for its initial seed). */
    public static Generator global() {
        return GLOBAL;
    }

    private static long initialGlobalSeed() {
        String s = System.getProperty("jgrad.seed");
        if (s == null || s.isBlank()) return DEFAULT_SEED;
        try {
            return Long.decode(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad -Djgrad.seed value: " + s, e);
        }
    }

    /** Sets the seed and resets the offset to 0. Returns {@code this}. */
    public synchronized Generator manualSeed(long seed) {
        setState(seed, 0);
        return this;
    }

    /** The current seed. */
    public synchronized long seed() {
        return seed;
    }

    /** The current offset (the next unused counter). */
    public synchronized long offset() {
        return offset;
    }

    /** The current {@code (seed, offset)}. */
    public synchronized State getState() {
        return new State(seed, offset);
    }

    /** Restores a state returned by {@link #getState()}. */
    public void setState(State state) {
        setState(state.seed(), state.offset());
    }

    /** Sets the seed and offset. */
    public synchronized void setState(long seed, long offset) {
        if (seed != this.seed || stream == null) stream = new RandomStream(seed);
        this.seed = seed;
        this.offset = offset;
    }

    /**
     * Reserves counters for a draw of {@code count} elements: returns the current offset and
     * advances it by {@code count} rounded up to a multiple of 4.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public synchronized long reserve(long count) {
        if (count < 0) throw new IllegalArgumentException("count must be >= 0: " + count);
        long o = offset;
        offset = o + ((count + 3) & ~3L);
        return o;
    }

    /**
     * Like {@link #reserve(long)} but returns the seed too, read atomically with the offset, so a
     * concurrent {@link #manualSeed} cannot pair one seed with another seed's offset.
     */
    public synchronized State advance(long count) {
        long o = reserve(count);
        return new State(seed, o);
    }

    /** The {@link RandomStream} for the current seed (immutable; unaffected by later reseeding). */
    public synchronized RandomStream stream() {
        return stream;
    }

    @Override
    public synchronized String toString() {
        return "Generator(seed=0x" + Long.toHexString(seed) + ", offset=" + offset + ")";
    }
}
