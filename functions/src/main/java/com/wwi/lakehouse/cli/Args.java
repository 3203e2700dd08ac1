package com.wwi.lakehouse.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code --name value} options of one command; unknown options and missing values are usage errors. */
final class Args {
    private final String command;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> all = new HashMap<>();

    Args(String command, List<String> args, Set<String> allowed, Set<String> flags) {
        this.command = command;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw CliException.usage(command + ": unexpected argument '" + a + "' (options start with --)");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!allowed.contains(name) && !flags.contains(name)) {
                throw CliException.usage(command + ": unknown option --" + name + " (options: " + options(allowed, flags) + ")");
            }
            if (flags.contains(name)) {
                values.put(name, value == null ? "true" : value);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw CliException.usage(command + ": option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            values.put(name, value);
            all.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    /** Every value of an option given more than once. */
    List<String> all(String name) {
        return all.getOrDefault(name, List.of());
    }

    private static String options(Set<String> allowed, Set<String> flags) {
        StringBuilder sb = new StringBuilder();
        for (String s : new TreeSet<>(allowed)) {
            sb.append(sb.length() > 0 ? ", " : "").append("--").append(s);
        }
        for (String s : new TreeSet<>(flags)) {
            sb.append(sb.length() > 0 ? ", " : "").append("--").append(s);
        }
        return sb.toString();
    }

    String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw CliException.usage(command + ": --" + name + " is required");
        }
        return v;
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    double number(String name, double dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw CliException.usage(command + ": --" + name + " must be a number, got '" + v + "'");
        }
    }

    int integer(String name, int dflt, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw CliException.usage(command + ": --" + name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage(command + ": --" + name + " must be a whole number, got '" + v + "'");
        }
    }

    long longValue(String name, long dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw CliException.usage(command + ": --" + name + " must be a whole number, got '" + v + "'");
        }
    }
}
