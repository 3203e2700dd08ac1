package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.functions.PipelineHolder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a {@code ./lakehouse} command in this JVM, for tests. */
public final class CliRunner {
    private CliRunner() {
    }

    /** A command's exit code and what it printed on stdout. */
    public record Out(int code, String text) {
    }

    /** Runs the command; its report is dropped. */
    public static int run(String... args) {
        return Main.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Runs the command and keeps its report; the pipeline it opened is closed afterwards. */
    public static Out capture(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(buf, true, StandardCharsets.UTF_8));
        PipelineHolder.closeIfOpen();
        return new Out(code, buf.toString(StandardCharsets.UTF_8));
    }
}
