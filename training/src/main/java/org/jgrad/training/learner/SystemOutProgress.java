package org.jgrad.training.learner;

import java.util.function.Supplier;

/**
 * The progress display that {@code System.out} gets when an embedding front end supplies its own:
 * the notebook kernel installs one that redraws an HTML bar in the cell's output, where a terminal
 * bar's carriage returns would pile up as lines. Without one, {@link ProgressDisplay#forStream}
 * decides between a terminal bar and log lines as usual.
 */
public final class SystemOutProgress {
    private static volatile Supplier<ProgressDisplay> installed;

    private SystemOutProgress() {}

    /** Every later {@link ProgressDisplay#forStream forStream(System.out)} asks {@code displays} for its display. */
    public static void install(Supplier<ProgressDisplay> displays) {
        installed = displays;
    }

    /** Back to the default choice. */
    public static void uninstall() {
        installed = null;
    }

    /** The installed front end's display, or null. */
    static ProgressDisplay installedOrNull() {
        Supplier<ProgressDisplay> s = installed;
        return s == null ? null : s.get();
    }
}
