package org.jgrad.training.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one {@code ./jgrad} command accepts, written once and used three ways: {@code ./jgrad
 * <command> --help} (or {@code -h}) prints {@link #render()}; {@code ./jgrad help} lists each
 * command's {@link #summary()}; and {@link #check} rejects an option the command does not take,
 * listing those it does, before the command parses its arguments.
 *
 * @param name     the word after {@code ./jgrad}
 * @param operands what follows the name besides options, e.g. {@code "mnist|fashion-mnist"}, or "" for none
 * @param summary  one line: what the command does
 * @param details  more lines printed by {@code --help} under the summary (may be empty)
 * @param options  every option, in the order {@code --help} prints them
 * @param refused  options a user may expect that this command does not take, each with the reason
 *                 {@link #check} gives (e.g. {@code --data} of a command whose data sets are fixed)
 */
public record CommandHelp(String name, String operands, String summary, List<String> details, List<Option> options,
                          Map<String, String> refused) {
    /**
     * One option.
     *
     * @param name  {@code --epochs}
     * @param value the placeholder of its value, e.g. {@code N}; null for a flag that takes none
     * @param help  what it does, with its default
     */
    public record Option(String name, String value, String help) {
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(help, "help");
        }

        /** {@code --epochs N} or {@code --basic}. */
        String spelled() {
            return value == null ? name : name + " " + value;
        }
    }

    public CommandHelp {
        details = List.copyOf(details);
        options = List.copyOf(options);
        refused = Map.copyOf(refused);
    }

    /** A command that refuses no option in particular. */
    public CommandHelp(String name, String operands, String summary, List<String> details, List<Option> options) {
        this(name, operands, summary, details, options, Map.of());
    }

    /** An option with a value. */
    public static Option option(String name, String value, String help) {
        return new Option(name, Objects.requireNonNull(value, "value"), help);
    }

    /** An option without a value. */
    public static Option flag(String name, String help) {
        return new Option(name, null, help);
    }

    /** True when {@code arg} asks for help. */
    static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** The option named {@code name}, or null. */
    Option find(String name) {
        for (Option o : options) if (o.name().equals(name)) return o;
        return null;
    }

    /**
     * True when {@code args} ask for help: {@code --help} or {@code -h} where an option may stand
     * (not as the value of an option, so {@code --out -h} names a folder).
     */
    boolean asksForHelp(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (isHelp(args[i])) return true;
            Option o = find(args[i]);
            if (o != null && o.value() != null) i++;
        }
        return false;
    }

    /**
     * Checks that every argument that looks like an option ({@code -x}, {@code --x}) is one of
     * {@link #options()}, and that each option that takes a value has one.
     *
     * @throws IllegalArgumentException naming the unknown option and listing the valid ones
     */
    public void check(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            Option o = find(a);
            if (o == null) {
                if (refused.containsKey(a)) throw new IllegalArgumentException(a + " " + refused.get(a));
                if (a.startsWith("-") && a.length() > 1) throw new IllegalArgumentException("unknown option '" + a + "'; " + validOptions());
                continue;   // an operand
            }
            if (o.value() != null && ++i >= args.length)
                throw new IllegalArgumentException("option " + a + " needs a value: " + o.spelled() + " (./jgrad " + name + " --help)");
        }
    }

    /** "valid options: --a N, --b, ..." or "train takes no options". */
    String validOptions() {
        if (options.isEmpty()) return name + " takes no options (./jgrad " + name + " --help)";
        return "valid options: " + options.stream().map(Option::spelled).collect(Collectors.joining(", ")) + ", --help";
    }

    /** The text of {@code ./jgrad <name> --help}. */
    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add("usage: ./jgrad " + name + (options.isEmpty() ? "" : " [options]") + (operands.isEmpty() ? "" : " " + operands));
        lines.add("");
        lines.add(summary);
        lines.addAll(details);
        lines.add("");
        lines.add("options:");
        List<Option> all = new ArrayList<>(options);
        all.add(flag("-h, --help", "print this text"));
        int width = all.stream().mapToInt(o -> o.spelled().length()).max().orElse(0);
        for (Option o : all) lines.add("  " + pad(o.spelled(), width) + "  " + o.help());
        return String.join("\n", lines) + "\n";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
