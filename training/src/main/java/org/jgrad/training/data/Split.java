package org.jgrad.training.data;

/** The two parts of MNIST-like data sets: 60,000 training items and 10,000 test items. */
public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String filePrefix;

    Split(String filePrefix) {
        this.filePrefix = filePrefix;
    }

    /** How the split's IDX file names start: {@code train} or {@code t10k}. */
    public String filePrefix() {
        return filePrefix;
    }
}
