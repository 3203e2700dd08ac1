package com.wwi.lakehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** picocli's parse errors as this CLI's one-line usage errors: "command: what is wrong (what to do)". */
final class Usage {
    private Usage() {
    }

    /** The command as typed, without the program: {@code bench gold}. */
    static String name(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (CommandSpec s = spec; s != null && s.parent() != null; s = s.parent()) {
            names.add(0, s.name());
        }
        return String.join(" ", names);
    }

    static String message(CommandLine.ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String command = name(spec);
        String prefix = command.isEmpty() ? "" : command + ": ";
        if (e instanceof CommandLine.MissingParameterException m) {
            if (e.getMessage().startsWith("Missing required option") || e.getMessage().startsWith("Missing required options")) {
                return prefix + m.getMissing().stream().map(Usage::label).collect(Collectors.joining(", "))
                        + (m.getMissing().size() == 1 ? " is required" : " are required")
                        + " (./lakehouse " + command + " --help)";
            }
            ArgSpec arg = e.getArgSpec();
            String option = arg != null ? label(arg) : optionIn(e.getMessage());
            return prefix + "option " + option + " needs a value";
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            List<String> suggestions = u.getSuggestions();
            String hint = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?";
            if (!first.startsWith("-") && !spec.subcommands().isEmpty()) {
                String what = command.isEmpty() ? "command" : "subcommand of " + command;
                return prefix + "unknown " + what + " '" + first + "'; " + (command.isEmpty() ? "commands" : "choose from")
                        + ": " + String.join(", ", spec.subcommands().keySet().stream().filter(k -> !k.equals("help")).toList())
                        + hint + " (./lakehouse " + (command.isEmpty() ? "help" : command + " --help") + ")";
            }
            if (first.startsWith("-")) {
                return prefix + "unknown option " + first + hint + " (options: " + options(spec) + ")";
            }
            return prefix + "unexpected argument '" + first + "' (options start with --)";
        }
        ArgSpec arg = e.getArgSpec();
        if (arg != null && e.getValue() != null && e.getMessage().startsWith("Invalid value")) {
            Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
            String kind = type == int.class || type == Integer.class || type == long.class || type == Long.class
                    ? "a whole number" : type == double.class || type == Double.class ? "a number" : "valid";
            return prefix + label(arg) + " must be " + kind + ", got '" + e.getValue() + "'";
        }
        return prefix + e.getMessage();
    }

    /** The first {@code --name} a picocli message quotes. */
    private static String optionIn(String message) {
        Matcher m = Pattern.compile("'(--?[\\w-]+)").matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : "";
    }

    private static String label(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    private static String options(CommandSpec spec) {
        return spec.options().stream().map(OptionSpec::longestName).sorted().collect(Collectors.joining(", "));
    }
}
