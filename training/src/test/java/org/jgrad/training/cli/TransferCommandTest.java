package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jgrad.nn.Module;
import org.jgrad.nn.NormalizationLayer;
import org.jgrad.nn.losses.CrossEntropyLoss;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.NDArray;
import org.jgrad.tensor.random.Generator;
import org.jgrad.training.data.DataLoaders;
import org.jgrad.training.data.TensorDataset;
import org.jgrad.training.learner.Callback;
import org.jgrad.training.learner.Learner;
import org.jgrad.training.models.MnistCnn;
import org.jgrad.training.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgrad transfer}: the whole experiment on tiny subsets of the real data sets, and the two
 * things it relies on: re-initializing the head touches only the head, and fineTune's frozen phase
 * leaves the body's (non-normalization) parameters as they were.
 */
class TransferCommandTest {
    @Test
    void runsOnTinySubsetsAndWritesBothAccuracies(@TempDir Path out) throws Exception {
        String printed = run(out, "--pretrain-subset", "512", "--finetune-subset", "256", "--test-subset", "500", "--epochs", "1");
        assertTrue(printed.contains("fine-tuned (256 mnist, 1+1 ep)") && printed.contains("from scratch (256 mnist, 2 ep)"), printed);
        String json = Files.readString(out.resolve("transfer.json"));
        double[] acc = accuracies(json);
        for (double a : acc) assertTrue(a >= 0 && a <= 1, json);
        assertTrue(json.contains("\"test_images\": 500") && json.contains("\"train_images\": 256"), json);
        assertTrue(Files.exists(out.resolve("pretrained.safetensors")));

        // the saved pretrained model loads back and gives the same Fashion-MNIST test accuracy
        Path again = out.resolve("again");
        String printed2 = run(again, "--pretrained", out.resolve("pretrained.safetensors").toString(), "--finetune-subset", "256",
                "--test-subset", "500", "--epochs", "1");
        assertTrue(printed2.contains("pretrained: loaded"), printed2);
        double[] acc2 = accuracies(Files.readString(again.resolve("transfer.json")));
        assertEquals(acc[0], acc2[0], 1e-6);
    }

    @Test
    void badOptionsAreReported() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8), out = new PrintStream(new ByteArrayOutputStream());
        assertEquals(1, Jgrad.run(new String[] {"transfer", "--data", "mnist"}, out, err));
        assertEquals(1, Jgrad.run(new String[] {"transfer", "--lr", "0"}, out, err));
        assertEquals(1, Jgrad.run(new String[] {"transfer", "--freeze-epochs", "-1"}, out, err));
        String messages = errors.toString(StandardCharsets.UTF_8);
        assertTrue(messages.contains("--data does not apply") && messages.contains("--lr must be > 0")
                && messages.contains("--freeze-epochs must be >= 0"), messages);
    }

    @Test
    void reinitializingTheHeadChangesOnlyTheHead() {
        Module pretrained = MnistCnn.wide(new Generator(1)), fresh = MnistCnn.wide(new Generator(2));
        Map<String, NDArray> before = copy(pretrained.stateDict());
        Map<String, NDArray> perturbed = new LinkedHashMap<>();
        before.forEach((k, v) -> perturbed.put(k, v.add(3)));   // as if trained: every value and buffer moved
        pretrained.loadStateDict(perturbed, false);
        before = copy(pretrained.stateDict());

        assertEquals(4, TransferCommand.headIndex(pretrained));
        List<String> reset = TransferCommand.reinitializeHead(pretrained, fresh);
        assertTrue(reset.contains("4.0.weight") && reset.contains("4.1.running_mean"), reset.toString());
        Map<String, NDArray> after = pretrained.stateDict(), freshState = fresh.stateDict();
        for (String k : after.keySet()) {
            if (k.startsWith("4.")) {
                assertTrue(reset.contains(k), k);
                assertArrayEquals(freshState.get(k).toFloatArray(), after.get(k).toFloatArray(), k);
                assertFalse(Arrays.equals(before.get(k).toFloatArray(), after.get(k).toFloatArray()), k + " unchanged");
            } else {
                assertFalse(reset.contains(k), k);
                assertArrayEquals(before.get(k).toFloatArray(), after.get(k).toFloatArray(), k);
            }
        }
    }

    @Test
    void fineTunesFrozenPhaseLeavesTheBodyUnchanged() {
        Generator g = new Generator(3);
        TensorDataset train = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 64, 1, 28, 28), NDArray.randint(0, 10, g, 64));
        TensorDataset valid = new TensorDataset(NDArray.randn(g, DType.FLOAT32, 16, 1, 28, 28), NDArray.randint(0, 10, g, 16));
        Module model = MnistCnn.wide(new Generator(4));
        Learner learn = new Learner(DataLoaders.of(train, valid, 16, 5), model, new CrossEntropyLoss()::forward,
                groups -> Adam.fastai(groups, 1e-2), List.of(), TransferCommand::bodyAndHead);
        Set<String> norm = new HashSet<>();
        model.namedModules().forEach((name, m) -> { if (m instanceof NormalizationLayer) norm.add(name + "."); });
        Map<String, NDArray> start = params(model);
        List<Map<String, NDArray>> afterFits = new ArrayList<>();
        learn.addCallbacks(new Callback() {
            @Override public void afterFit(Learner l) { afterFits.add(params(model)); }
        });
        learn.fineTune(1, 1e-2);

        assertEquals(2, afterFits.size());
        Map<String, NDArray> frozen = afterFits.get(0), done = afterFits.get(1);
        int bodyChecked = 0;
        for (String k : start.keySet()) {
            boolean head = k.startsWith("4."), bn = norm.stream().anyMatch(k::startsWith);
            boolean changedFrozen = !Arrays.equals(start.get(k).toFloatArray(), frozen.get(k).toFloatArray());
            if (head || bn) {
                // the head trains, and so do normalization layers in the frozen body (fastai's train_bn)
                assertTrue(changedFrozen, k + " did not train in the frozen phase");
            } else {
                assertFalse(changedFrozen, k + " changed while the body was frozen");
                assertFalse(Arrays.equals(frozen.get(k).toFloatArray(), done.get(k).toFloatArray()), k + " did not train once unfrozen");
                bodyChecked++;
            }
        }
        assertEquals(8, bodyChecked);   // conv weight and bias of blocks 0-3
    }

    private static String run(Path out, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "transfer";
        System.arraycopy(options, 0, args, 1, options.length);
        System.arraycopy(new String[] {"--seed", "0", "--out", out.toString()}, 0, args, options.length + 1, 4);
        ByteArrayOutputStream text = new ByteArrayOutputStream(), errors = new ByteArrayOutputStream();
        int code = Jgrad.run(args, new PrintStream(text, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + errors.toString(StandardCharsets.UTF_8));
        return printed;
    }

    /** The pretrain, fine-tune and scratch test accuracies, in that order. */
    private static double[] accuracies(String json) {
        Matcher m = Pattern.compile("\"test_accuracy\": ([0-9.]+)").matcher(json);
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            assertTrue(m.find(), json);
            out[i] = Double.parseDouble(m.group(1));
        }
        return out;
    }

    private static Map<String, NDArray> params(Module model) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> out.put(k, p.data().copy()));
        return out;
    }

    private static Map<String, NDArray> copy(Map<String, NDArray> state) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }
}
