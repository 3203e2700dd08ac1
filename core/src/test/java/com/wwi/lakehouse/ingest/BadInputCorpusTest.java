package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.bench.GoldBench;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.BadInputCorpus.Case;
import com.wwi.lakehouse.ingest.BadInputCorpus.Input;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.SystemTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of the {@link BadInputCorpus} lands with its expected outcome, between good records that always land;
 * the raw payload is kept byte for byte; no reason or message carries a stack trace; and, over the whole corpus, for
 * every dataset: records landed = Bronze rows + quarantined rows.
 */
class BadInputCorpusTest {
    static Path dir;
    static Pipeline pipeline;
    static final AtomicLong partition = new AtomicLong();
    /** Records landed per dataset by the cases (whole-file rejections land none). */
    static final Map<Dataset, Long> landed = new EnumMap<>(Dataset.class);

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("corpus");
        pipeline = Pipeline.open(Settings.local(dir.toString()));
    }


    static List<Case> cases() {
        return BadInputCorpus.all();
    }

    @Test
    void theCorpusCoversEveryDatasetBothInputsAndSixtyKinds() {
        List<Case> all = cases();
        Set<String> kinds = new HashSet<>();
        Set<Dataset> datasets = EnumSet.noneOf(Dataset.class);
        Set<Input> inputs = EnumSet.noneOf(Input.class);
        Set<String> names = new HashSet<>();
        for (Case c : all) {
            kinds.add(c.dataset() + "/" + c.name());
            datasets.add(c.dataset());
            inputs.add(c.input());
            assertTrue(names.add(c.toString()), "unique: " + c);
        }
        assertTrue(kinds.size() >= 60, kinds.size() + " kinds");
        assertEquals(EnumSet.allOf(Dataset.class), datasets);
        assertEquals(EnumSet.allOf(Input.class), inputs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void landsAsExpected(Case c) {
        RunResult run = c.outcome().wholeFile() ? wholeFile(c) : c.input() == Input.EVENT ? event(c) : line(c);
        String label = c + " -> " + run;
        assertEquals(c.outcome().status(), run.status().label(), label);
        assertEquals(run.rowsIn(), run.rowsWritten() + run.rowsQuarantined() + run.rowsDuplicate(), "accounted: " + label);
        assertOneLine(run.message(), label);
        if (c.outcome().wholeFile()) {
            assertEquals(0, run.rowsWritten() + run.rowsQuarantined(), label);
            if (c.outcome().reason() != null) {
                assertTrue(run.message().contains(c.outcome().reason()), label);
            }
            return;
        }
        landed.merge(c.dataset(), run.rowsIn(), Long::sum);
        assertEquals(3, run.rowsIn(), label);
        assertEquals(2 + c.outcome().bronzeRows(), run.rowsWritten(), "the good neighbours always land: " + label);
        List<Object[]> q = quarantinedBy(run);
        if (c.outcome().kind() == null) {
            assertEquals(0, q.size(), label + " quarantined " + (q.isEmpty() ? "" : q.get(0)[6]));
            return;
        }
        assertEquals(1, q.size(), label);
        Object[] row = q.get(0);
        String reason = (String) row[6];
        assertEquals(c.outcome().kind(), row[5], label + ": " + reason);
        assertTrue(reason.contains(c.outcome().reason()), label + ": reason was '" + reason + "'");
        assertOneLine(reason, label);
        assertEquals(c.dataset().folder(), row[0]);
        // the raw payload, byte for byte: text when it is UTF-8, else base64
        byte[] payload = "base64".equals(row[4]) ? Base64.getDecoder().decode((String) row[3])
                : ((String) row[3]).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(c.bytes(), payload, label + ": payload kept as it came");
    }

    /** Last: over everything the cases landed, records = Bronze rows + quarantined rows for each dataset. */
    @AfterAll
    static void landedEqualsBronzePlusQuarantine() throws Exception {
        try {
            checkLanded();
        } finally {
            pipeline.close();
            GoldBench.deleteTree(dir);
        }
    }

    static void checkLanded() {
        assertTrue(landed.size() == Dataset.values().length || landed.isEmpty(), "every dataset landed: " + landed.keySet());
        Map<String, Long> quarantined = new HashMap<>();
        pipeline.lake().table(SystemTables.QUARANTINE).scan(pipeline.lake().table(SystemTables.QUARANTINE).files(),
                r -> quarantined.merge((String) r[0], 1L, Long::sum));
        for (Map.Entry<Dataset, Long> e : landed.entrySet()) {
            long bronze = pipeline.lake().table(e.getKey().bronzePath()).readAll().size();
            assertEquals(e.getValue(), bronze + quarantined.getOrDefault(e.getKey().folder(), 0L),
                    e.getKey() + ": landed = bronze + quarantined");
        }
    }

    static void assertOneLine(String s, String label) {
        if (s == null) {
            return;
        }
        assertFalse(s.contains("\n") || s.contains("\tat "), "one line, no stack trace: " + label);
        assertFalse(s.matches(".*\\b(java|com|org)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*"),
                "no exception class names: " + label + ": " + s);
    }

    static List<Object[]> quarantinedBy(RunResult run) {
        List<Object[]> out = new ArrayList<>();
        var q = pipeline.lake().table(SystemTables.QUARANTINE);
        q.scan(q.files(), r -> {
            if (run.runId().equals(r[9])) {
                out.add(r);
            }
        });
        return out;
    }

    static RunResult event(Case c) {
        byte[] good = BadInputCorpus.TWEET.getBytes(StandardCharsets.UTF_8);
        List<EventBatch.Event> events = List.of(
                new EventBatch.Event(good, 0, "0", Instant.parse("2021-06-27T12:00:00Z")),
                new EventBatch.Event(c.bytes(), 1, "1", Instant.parse("2021-06-27T12:00:01Z")),
                new EventBatch.Event(good, 2, "2", Instant.parse("2021-06-27T12:00:02Z")));
        return pipeline.ingestEvents(new EventBatch("corpus", "tweets", "$Default",
                "p" + partition.incrementAndGet(), events));
    }

    static RunResult line(Case c) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String header = BadInputCorpus.header(c.dataset());
        String good = BadInputCorpus.good(c.dataset());
        if (header != null) {
            b.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes((good + "\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(c.bytes());
        b.writeBytes(("\n" + good + "\n").getBytes(StandardCharsets.UTF_8));
        String ext = c.dataset() == Dataset.TWEETS ? ".json" : c.dataset() == Dataset.STORE_TRANSACTIONS ? ".txt" : ".csv";
        return file(c.dataset().folder() + "/case-" + partition.incrementAndGet() + ext, b.toByteArray());
    }

    static RunResult wholeFile(Case c) {
        return file(c.path(), c.bytes());
    }

    static RunResult file(String path, byte[] content) {
        return pipeline.bronze().ingestFile(new LandedFile(path, "etag-" + partition.incrementAndGet(), content.length,
                () -> new ByteArrayInputStream(content)));
    }
}
