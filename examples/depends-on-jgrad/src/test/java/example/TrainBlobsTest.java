package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** jgrad, used as a dependency, trains the model: the accuracy is that of a learned classifier, not chance (1/3). */
class TrainBlobsTest {
    @Test
    void learnsTheBlobs() {
        double accuracy = TrainBlobs.train(5);
        assertTrue(accuracy >= 0.95, "validation accuracy " + accuracy);
    }
}
