package org.jgrad.training.reliability;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** A table of {@link BadInput} rows, each run as its own test named after the row. */
abstract class BadInputSuite {
    /** The rows of this area. */
    abstract Stream<BadInput> cases() throws Exception;

    @TestFactory
    Stream<DynamicTest> eachBadInputFailsWithAClearMessage() throws Exception {
        return cases().map(c -> DynamicTest.dynamicTest(c.name(), c::check));
    }
}
