package com.wwi.lakehouse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./lakehouse chaos} at small scale, with real processes: SIGKILLs of run, maintain and refresh, then
 * two and four concurrent runs of one landing, then a soak of landings beside maintain, refresh and
 * verify --repair; every lake audited exact (bounded: a few minutes on two cores).
 */
class ChaosTest {
    @TempDir
    Path dir;

    @Test
    void killsConcurrentRunsAndASoakLeaveEveryLakeExact() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Main.run(List.of("chaos", "--kills", "4", "--concurrent", "2,4", "--soak-seconds", "30",
                "--scale", "0.05", "--seed", "7", "--work", dir.toString()), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("every check passed"), text);
        for (String phase : List.of("kills", "concurrency 2", "concurrency 4", "soak")) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith("  " + phase + ": ") && l.contains(": exact; 0 duplicates;")
                    && l.contains(", 0 wrong; Gold verified")), phase + ":\n" + text);
        }
        assertTrue(text.matches("(?s).*\\{[a-z-]+=\\d+(, [a-z-]+=\\d+)*} killed.*"), text);
    }
}
