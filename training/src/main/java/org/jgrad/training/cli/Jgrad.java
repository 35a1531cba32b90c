package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.ServiceLoader;

/**
 * The {@code ./jgrad} command line: {@code jgrad <command> [options]}. Each command is one class;
 * this one only dispatches and prints usage.
 */
public final class Jgrad {
    private Jgrad() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "train" -> TrainCommand.run(rest, out);
                case "lr-find" -> LrFindCommand.run(rest, out);
                case "transfer" -> TransferCommand.run(rest, out);
                case "info" -> InfoCommand.run(out);
                case "demo" -> DemoCommand.run(rest, out);
                case "fetch-data" -> FetchDataCommand.run(rest, out);
                default -> {
                    Command command = contributed(args[0]);
                    if (command == null) {
                        err.println("jgrad: unknown command '" + args[0] + "'");
                        usage(err);
                        return 2;
                    }
                    command.run(rest, out);
                }
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("jgrad " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    /** The {@link Command} named {@code name} among those on the class path, or null. */
    private static Command contributed(String name) {
        for (Command c : ServiceLoader.load(Command.class)) if (c.name().equals(name)) return c;
        return null;
    }

    private static void usage(PrintStream out) {
        out.println("usage: ./jgrad <command>");
        out.println();
        out.println("commands:");
        out.println("  train       train a CNN on MNIST (fetched if missing) with one-cycle, a progress bar per phase and the epoch table;");
        out.println("              --epochs N, --lr X|auto (auto: lr-find's valley), --bs N, --subset N, --seed S,");
        out.println("              --data mnist|fashion-mnist|FOLDER (train/ and valid/ of class folders, or CIFAR-10's data_batch_*.bin)|FILE.csv[.gz]");
        out.println("              (with --label COLUMN; --regression for a number), --out DIR (default runs/<timestamp>), --device auto|cpu|cuda,");
        out.println("              --basic (the 8-16-32-16 CNN), --augment (random rotation, zoom, shift), --resume DIR (continue");
        out.println("              that run from its checkpoint.safetensors to --epochs), --stop-after N (end the --epochs cycle");
        out.println("              after N epochs, to --resume later), --fp16 (mixed precision: float16 compute, float32 master");
        out.println("              weights, dynamic loss scaling), --bf16 (the same in bfloat16, without loss scaling; not with");
        out.println("              --fp16); writes metrics.json, model.safetensors,");
        out.println("              checkpoint.safetensors, losses.png and schedule.png");
        out.println("  lr-find     fastai's learning-rate finder on train's data and model: prints the valley, steep, minimum");
        out.println("              and slide suggestions, writes lr_find.png and lr_find.csv to --out; --start X (1e-7),");
        out.println("              --end X (10), --num-it N (100), and train's --bs, --subset, --seed, --data, --label, --regression, --out,");
        out.println("              --device, --basic");
        out.println("  transfer    pretrain on fashion-mnist (or --pretrained FILE), fineTune on 1,000 mnist images vs from scratch; writes transfer.json to --out");
        out.println("  fetch-data  mnist|fashion-mnist: download a data set into the cache (-Djgrad.data, $JGRAD_DATA or");
        out.println("              ~/.cache/jgrad), check its SHA-256, print where it is");
        out.println("  info        Java version, CPU (cores, SIMD width in use), every backend found and why any is unavailable");
        out.println("  demo        a short tour of the tensor library with a measured CPU matmul");
        for (Command c : ServiceLoader.load(Command.class)) out.println("  " + c.usage().replace("\n", "\n  "));
        out.println("  shell       JShell with jgrad on the class path and the common imports (run by the ./jgrad launcher)");
        out.println("  help        this text");
    }
}
