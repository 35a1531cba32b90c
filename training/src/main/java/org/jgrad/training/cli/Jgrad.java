package org.jgrad.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
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

    /** A command of this module: its help and how it runs. */
    private record Builtin(CommandHelp help, Runner runner) {}

    private interface Runner {
        void run(String[] args, PrintStream out) throws IOException;
    }

    /** The commands of this module, in the order {@code ./jgrad help} lists them. */
    private static final List<Builtin> BUILTINS = List.of(
            new Builtin(TrainCommand.HELP, TrainCommand::run),
            new Builtin(LrFindCommand.HELP, LrFindCommand::run),
            new Builtin(TransferCommand.HELP, TransferCommand::run),
            new Builtin(GanCommand.HELP, GanCommand::run),
            new Builtin(FetchDataCommand.HELP, FetchDataCommand::run),
            new Builtin(InfoCommand.HELP, (args, out) -> InfoCommand.run(out)),
            new Builtin(DemoCommand.HELP, DemoCommand::run));

    /**
     * Runs a command; returns the process exit code: 0, 1 for a caller mistake (its message on
     * {@code err}), 2 for no or an unknown command. {@code ./jgrad <command> --help} (or {@code -h})
     * prints that command's usage; an option the command does not take is refused, listing the
     * valid ones, before the command runs.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || CommandHelp.isHelp(args[0])) {
            if (args.length >= 2 && args[0].equals("help")) return run(new String[] {args[1], "--help"}, out, err);
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String name = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            Builtin builtin = BUILTINS.stream().filter(b -> b.help().name().equals(name)).findFirst().orElse(null);
            if (builtin != null) {
                if (builtin.help().asksForHelp(rest)) {
                    out.print(builtin.help().render());
                    return 0;
                }
                builtin.help().check(rest);
                builtin.runner().run(rest, out);
                return 0;
            }
            Command command = contributed(name);
            if (command == null) {
                err.println("jgrad: unknown command '" + name + "'");
                usage(err);
                return 2;
            }
            CommandHelp help = command.help();
            if (help == null ? Arrays.stream(rest).anyMatch(CommandHelp::isHelp) : help.asksForHelp(rest)) {
                out.println(help == null ? "usage: ./jgrad " + command.usage() : help.render());
                return 0;
            }
            if (help != null) help.check(rest);
            command.run(rest, out);
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("jgrad " + name + ": " + e.getMessage());
            return 1;
        }
    }

    /** The {@link Command} named {@code name} among those on the class path, or null. */
    private static Command contributed(String name) {
        for (Command c : ServiceLoader.load(Command.class)) if (c.name().equals(name)) return c;
        return null;
    }

    private static void usage(PrintStream out) {
        out.println("usage: ./jgrad <command> [options]     (./jgrad <command> --help: that command's options)");
        out.println();
        out.println("commands:");
        for (Builtin b : BUILTINS) {
            CommandHelp h = b.help();
            out.println("  " + String.format("%-10s", h.name()) + "  " + (h.operands().isEmpty() ? "" : h.operands() + ": ") + h.summary());
        }
        for (Command c : ServiceLoader.load(Command.class)) out.println("  " + c.usage().replace("\n", "\n  "));
        out.println("  shell       JShell with jgrad on the class path and the common imports (run by the ./jgrad launcher)");
        out.println("  help        this text; help <command>: that command's options");
    }
}
