package org.jgrad.training.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jgrad.tensor.NDArray;
import org.jgrad.training.data.Dataset;
import org.jgrad.training.data.LabeledImages;
import org.jgrad.training.data.Mnist;
import org.jgrad.training.data.Split;
import org.jgrad.training.data.TensorDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample score on real MNIST (fetched into the cache if missing): a scorer trained on 15,000
 * training digits finds real test digits confident and spread over the ten classes, and a
 * collapsed generator (one digit repeated) has no spread; the cached scorer scores the same.
 */
class SampleScorerTest {
    @Test
    void realDigitsScoreHighAndACollapsedGeneratorHasNoSpread(@TempDir Path dir) throws Exception {
        LabeledImages train = Mnist.load(Dataset.MNIST, Split.TRAIN), test = Mnist.load(Dataset.MNIST, Split.TEST);
        TensorDataset small = new TensorDataset(train.images(), train.labels()).subset(15000, 0);
        TensorDataset check = new TensorDataset(test.images(0, 2000), test.labels(0, 2000));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        Path file = dir.resolve("scorer.safetensors");
        SampleScorer scorer = SampleScorer.cachedOrTrained(file, small, check, 10, 0, out);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("trained the basic CNN on 15000 images"), text.toString(StandardCharsets.UTF_8));
        assertTrue(scorer.testAccuracy() > 0.9, "accuracy " + scorer.testAccuracy());

        NDArray real = test.images(2000, 3000).mul(2).sub(1);   // as a generator would give them: [-1, 1]
        SampleScorer.Score s = scorer.score(real);
        NDArray noise = NDArray.rand(new org.jgrad.tensor.random.Generator(3), org.jgrad.tensor.DType.FLOAT32, 1000, 1, 28, 28).mul(2).sub(1);
        SampleScorer.Score n = scorer.score(noise);
        // a scorer trained on a quarter of MNIST is less sure of itself than the command's (real digits: 0.88 confident there)
        assertTrue(s.confidentShare() > 0.3, "confident share of real test digits: " + s.confidentShare());
        assertTrue(n.confidentShare() < s.confidentShare() / 2, "uniform noise " + n.confidentShare() + " against real digits " + s.confidentShare());
        assertTrue(s.classEntropyBits() > 3.2, "class spread of real test digits (max log2 10 = 3.32): " + s.classEntropyBits());
        assertEquals(1000, java.util.Arrays.stream(s.classCounts()).sum());

        NDArray oneDigit = real.narrow(0, 0, 1).expand(500, 1, 28, 28).contiguous();
        SampleScorer.Score collapsed = scorer.score(oneDigit);
        assertEquals(0, collapsed.classEntropyBits(), 1e-12, "one digit repeated: one class");

        SampleScorer cached = SampleScorer.cachedOrTrained(file, small, check, 10, 0, out);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("scorer: " + file), "the second call reads the cache");
        SampleScorer.Score again = cached.score(real);
        assertEquals(s.confidentShare(), again.confidentShare());
        assertArrayEquals(s.classCounts(), again.classCounts());
    }
}
