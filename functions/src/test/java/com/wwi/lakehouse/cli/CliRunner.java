package com.wwi.lakehouse.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a {@code ./lakehouse} command in this JVM for tests of other packages; its report is dropped. */
public final class CliRunner {
    private CliRunner() {
    }

    public static int run(String... args) {
        return Main.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
