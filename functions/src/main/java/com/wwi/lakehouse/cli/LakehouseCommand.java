package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.progress.Progress;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * One command of {@code ./lakehouse}: picocli fills the options, {@link #validate()} checks every value before any
 * work starts (a usage error, exit 2), then {@link #execute()} does the work and returns the exit code.
 */
abstract class LakehouseCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Where the command prints its report (stdout, or a test's buffer). */
    PrintStream out = System.out;

    /** Where long work reports its progress (a bar on a terminal, a line now and then otherwise). */
    Progress progress = Progress.NONE;

    /** The command's name as typed ({@code bench gold}); set by {@link Main}. */
    String name = "";

    /** Checks the options; throws {@link CliException#usage} naming the option and the value given. */
    void validate() {
    }

    /** The work; the exit code (0 fine, 1 a failure the report names). */
    abstract int execute();

    @Override
    public final Integer call() {
        validate();
        return execute();
    }

    /** A usage error of this command: "name: message". */
    CliException usage(String message) {
        return CliException.usage(name + ": " + message);
    }

    /** A whole number option within [min, max]. */
    void between(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw usage(option + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
