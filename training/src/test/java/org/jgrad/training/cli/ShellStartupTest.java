package org.jgrad.training.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import jdk.jshell.tool.JavaShellToolBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@code ./jgrad shell}: the JShell tool, started with the launcher's startup and feedback files
 * and driven through stdin, resolves every startup import and prints tensors, modules, learners
 * and errors whole.
 */
class ShellStartupTest {
    private static final Path STARTUP = Path.of("src", "main", "jshell", "startup.jsh"), FEEDBACK = Path.of("src", "main", "jshell", "feedback.jsh");

    @Test
    void theShellPrintsTensorsModulesAndLearnersWhole() throws Exception {
        String input = String.join("\n",
                "var a = NDArray.arange(0, 12, 1, DType.FLOAT32).reshape(3, 4)",
                "var loss = Tensor.param(NDArray.ones(2, 2)).mul(2).sum()",
                "var model = new Sequential(new Linear(2, 8), new Activations.ReLU(), new Linear(8, 3))",
                "var data = new TensorDataset(NDArray.zeros(8, 2), NDArray.of(0L, 1L, 2L, 0L, 1L, 2L, 0L, 1L))",
                "var learn = new Learner(DataLoaders.of(data, data, 4, 0), model, new CrossEntropyLoss()::forward, groups -> Adam.fastai(groups, 1e-3), List.of(new Accuracy()))",
                "a.mT().view(12)",
                "/exit", "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        JavaShellToolBuilder.builder()
                .in(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), null)
                .out(out).err(out)
                .persistence(new HashMap<>())   // neither read nor write the user's JShell preferences
                .run("--class-path", System.getProperty("java.class.path"), "--execution", "local",
                        "--startup", "DEFAULT", "--startup", STARTUP.toString(), "--feedback", "jgrad", FEEDBACK.toString());
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertFalse(printed.contains("Error"), "every startup import resolves and every line compiles: " + printed);
        assertTrue(printed.contains("a ==> tensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]], shape=(3, 4), dtype=float32, device=cpu)"), printed);
        assertTrue(printed.contains("loss ==> tensor(8., shape=(), dtype=float32, device=cpu, grad_fn=sum)"), printed);
        assertTrue(printed.contains("model ==> Sequential(\n  (0): Linear(in=2, out=8, bias=true)  # 24 parameters\n  (1): ReLU()\n"
                + "  (2): Linear(in=8, out=3, bias=true)  # 27 parameters\n)  # 51 parameters"), printed);
        assertTrue(printed.contains("learn ==> Learner: 8 training and 8 validation items in batches of 4; 0 epochs done\n"
                + "optimizer: AdamW, 2 parameter groups\n    0: layer group 0, 2 parameters (0.weight, 2.weight): lr=0.001, momentum=0.9, beta2=0.99, eps=1e-05, weight_decay=0.01\n"
                + "    1: layer group 0, 2 parameters (0.bias, 2.bias): lr=0.001, momentum=0.9, beta2=0.99, eps=1e-05, weight_decay=0\n"
                + "metrics: accuracy\nmodel: Sequential("), printed);
        assertTrue(printed.contains("IllegalArgumentException: view: an array of shape (4, 3) and strides (1, 4) cannot be viewed as (12)"), "errors are shown: " + printed);
    }

    @Test
    void theLauncherStartsTheShellWithTheseFiles() throws Exception {
        String launcher = Files.readString(Path.of("..", "jgrad"));
        // One definition for ./jgrad shell and the notebook kernel: the startup files and the JVM flags.
        String startups = definition(launcher, "interactive_startups"), flags = definition(launcher, "interactive_jvm_flags");
        assertTrue(startups.contains("DEFAULT \"$root/training/src/main/jshell/startup.jsh\""), "the shell's startup files: " + startups);
        assertTrue(flags.contains("-Djgrad.diagnose=true") && flags.contains("-Djgrad.progress=true"),
                "interactive sessions read the losses and show progress (Learner.DIAGNOSE_PROPERTY, PROGRESS_PROPERTY): " + flags);
        String shell = launcher.substring(launcher.indexOf("if [ \"${1:-}\" = \"shell\" ]"));
        shell = shell.substring(0, shell.indexOf("\nfi\n"));
        assertTrue(shell.contains("for f in \"${interactive_startups[@]}\"; do startup_flags+=(--startup \"$f\")"), shell);
        assertTrue(shell.contains("for f in \"${interactive_jvm_flags[@]}\"") && shell.contains("remote_flags+=(\"-R$f\")"),
                "the shell's JVM (JShell's remote one) gets the flags: " + shell);
        assertTrue(shell.contains("--feedback jgrad") && shell.contains("\"$root/training/src/main/jshell/feedback.jsh\""), shell);
    }

    /** The right-hand side of a bash array assignment {@code name=(...)} in the launcher. */
    private static String definition(String launcher, String name) {
        int at = launcher.indexOf("\n" + name + "=(");
        assertTrue(at >= 0, "the launcher defines " + name);
        return launcher.substring(at + name.length() + 3, launcher.indexOf(')', at));
    }
}
