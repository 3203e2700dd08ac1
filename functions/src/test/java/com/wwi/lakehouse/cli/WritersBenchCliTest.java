package com.wwi.lakehouse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-writer run of issue 19 is exact: writer processes (real JVMs, as the Event Hub function's instances are)
 * append to one table at once, lose races for log versions, and the lake's audit finds every record once.
 */
class WritersBenchCliTest {

    @TempDir
    Path dir;

    @Test
    void manyWriterProcessesLandExactlyOnOneTable() throws Exception {
        CliTest.Result r = CliTest.cli("bench", "writers", "--writers", "1,4", "--commits", "80", "--batch-size", "20",
                "--no-warm-up", "--work", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s.*")).toList();
        assertEquals(2, rows.size(), r.out());
        // 1 writer: 80 batches and its 10 untimed ones; 4 writers: 20 batches each and 10 untimed each
        assertTrue(rows.get(0).contains("exact: 1800 landed, 0 lost, 0 duplicated"), rows.get(0));
        assertTrue(rows.get(1).contains("exact: 2400 landed, 0 lost, 0 duplicated"), rows.get(1));
        assertTrue(r.out().contains("no JIT warm-up"), r.out());
    }
}
