package org.jgrad.training.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * One row of the bad-input suite: a call that must fail, the exception type it must throw and the
 * fragments its message must contain (the op or reader, the offending shapes, values or file).
 * Any other exception — an {@code ArrayIndexOutOfBoundsException} or a {@code NullPointerException}
 * escaping from inside, say — fails the row and is shown whole.
 */
record BadInput(String name, Executable call, Class<? extends Throwable> type, List<String> mentions) {
    /** A call that must throw an {@link IllegalArgumentException} mentioning each of {@code mentions}. */
    static BadInput of(String name, Executable call, String... mentions) {
        return new BadInput(name, call, IllegalArgumentException.class, List.of(mentions));
    }

    /** A call that must throw a {@code type} mentioning each of {@code mentions}. */
    static BadInput of(String name, Class<? extends Throwable> type, Executable call, String... mentions) {
        return new BadInput(name, call, type, List.of(mentions));
    }

    void check() {
        Throwable thrown;
        try {
            call.execute();
            thrown = null;
        } catch (Throwable t) {
            thrown = t;
        }
        if (thrown == null) fail(name + ": no exception, expected " + type.getSimpleName());
        if (!type.isInstance(thrown)) throw new AssertionError(name + ": expected " + type.getSimpleName() + ", got " + thrown, thrown);
        String message = String.valueOf(thrown.getMessage());
        for (String want : mentions) assertTrue(message.contains(want), () -> name + ": the message should mention '" + want + "': " + message);
    }
}
