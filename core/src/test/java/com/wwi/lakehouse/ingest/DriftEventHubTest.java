package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.HistoryEntry;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema drift policies on the Event Hub path: JSON tweets with fields the Bronze table does not know, landed
 * through {@link BronzeIngest#ingestEvents} under {@code rescue}, {@code evolve} and {@code strict}.
 */
class DriftEventHubTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;
    long nextSeq;

    static final String TWEET = "{\"time\":\"2021-06-27T10:00:00Z\",\"hashtag\":\"#gogreen\",\"tweet\":\"Loving #GoGreen\","
            + "\"city\":\"Oslo\",\"username\":\"ann\",\"retweetcount\":3,\"favouritecount\":1,\"sentiment\":\"\","
            + "\"sentimentscore\":2,\"isretweet\":0,\"hourofday\":\"10\",\"language\":\"en\"";

    /** A tweet with {@code extra} (JSON members, starting with a comma) after the lab's fields. */
    static byte[] tweet(String extra) {
        return (TWEET + extra + "}").getBytes(StandardCharsets.UTF_8);
    }

    Pipeline open(Drift tweets) {
        return pipelines.open(Settings.local(dir.toString()).withDrift(Map.of("tweets", tweets)));
    }

    RunResult events(Pipeline p, String partition, byte[]... bodies) {
        List<EventBatch.Event> list = new ArrayList<>();
        for (byte[] b : bodies) {
            list.add(new EventBatch.Event(b, nextSeq++, partition, Instant.parse("2021-06-27T12:00:00Z")));
        }
        RunResult r = p.bronze().ingestEvents(new EventBatch("ns", "tweets", "$Default", partition, list));
        assertTrue(r.accountedFor(), "in = written + quarantined + duplicate: " + r);
        return r;
    }

    static LakeTable bronze(Pipeline p) {
        return p.lake().table(Dataset.TWEETS.bronzePath());
    }

    static List<QuarantineRecord> quarantine(Pipeline p) {
        return p.lake().table(SystemTables.QUARANTINE).readAll().stream().map(QuarantineRecord::fromRow).toList();
    }

    static List<RunResult> evolvedRuns(Pipeline p) {
        p.eventLog().flush();
        return EventLog.latestRuns(p.lake(), 1000).stream().filter(r -> r.status() == RunStatus.EVOLVED).toList();
    }

    static Object[] rowAt(Pipeline p, long offset) {
        LakeTable t = bronze(p);
        int at = t.schema().position("_source_offset");
        return t.readAll().stream().filter(r -> Long.valueOf(offset).equals(r[at])).findFirst().orElseThrow();
    }

    static Object value(Pipeline p, Object[] row, String column) {
        return row[bronze(p).schema().position(column)];
    }

    @Test
    void theLabDeclaresRescueForEveryLandingAndTheSettingReplacesIt() {
        Pipeline lab = pipelines.open(Settings.local(dir.resolve("lab").toString()));
        lab.graph().landings().forEach(l -> assertEquals(Drift.RESCUE, l.drift(), l.dataset().folder()));
        Pipeline p = pipelines.open(Settings.from(Map.of(Settings.LAKE, dir.resolve("set").toString(),
                Settings.DRIFT, "tweets=evolve, campaigns=STRICT")));
        Map<String, Drift> got = new TreeMap<>();
        p.graph().landings().forEach(l -> got.put(l.dataset().folder(), l.drift()));
        assertEquals(Map.of("tweets", Drift.EVOLVE, "campaigns", Drift.STRICT, "churn", Drift.RESCUE,
                "store-transactions", Drift.RESCUE, "sales", Drift.RESCUE), got);
    }

    @Test
    void rescueKeepsUnknownFieldsInRescuedDataAndTheSchemaAsDeclared() {
        Pipeline p = open(Drift.RESCUE);
        RunResult r = events(p, "0", tweet(""), tweet(",\"device\":\"phone\",\"geo\":{\"lat\":1}"));
        assertEquals(2, r.rowsWritten());
        assertEquals(Dataset.TWEETS.bronzeSchema(), bronze(p).schema());
        assertEquals("{\"device\":\"phone\",\"geo\":{\"lat\":1}}", value(p, rowAt(p, 1), Dataset.RESCUED_DATA));
        assertNull(value(p, rowAt(p, 0), Dataset.RESCUED_DATA));
        assertTrue(evolvedRuns(p).isEmpty());
    }

    @Test
    void evolveAddsTheNewFieldsAsColumnsAtTheEndInOneMetadataCommitWithAnEventLogRow() {
        Pipeline p = open(Drift.EVOLVE);
        assertEquals(1, events(p, "0", tweet("")).rowsWritten()); // offset 0: before the change
        long before = bronze(p).version();

        RunResult r = events(p, "0", tweet(",\"device\":\"phone\",\"reach\":12,\"score 2\":1.5,\"verified\":true,"
                + "\"geo\":{\"lat\":1},\"note\":null"), tweet(",\"Device\":\"tablet\"")); // offsets 1, 2
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertEquals(2, r.rowsWritten(), r.toString());

        TableSchema expected = Dataset.TWEETS.bronzeSchema().plus(Column.of("device", ColumnType.STRING),
                Column.of("reach", ColumnType.LONG), Column.of("score_2", ColumnType.DOUBLE),
                Column.of("verified", ColumnType.BOOLEAN));
        assertEquals(expected.names(), bronze(p).schema().names(), "new columns after the lineage columns");
        assertEquals(expected.columns().stream().map(Column::type).toList(),
                bronze(p).schema().columns().stream().map(Column::type).toList());
        assertEquals(before + 2, bronze(p).version(), "one metadata commit, then the batch");
        HistoryEntry add = bronze(p).history(5).stream().filter(h -> h.version() == before + 1).findFirst().orElseThrow();
        assertEquals("ADD COLUMNS", add.operation());

        Object[] changed = rowAt(p, 1);
        assertEquals("phone", value(p, changed, "device"));
        assertEquals(12L, value(p, changed, "reach"));
        assertEquals(1.5, value(p, changed, "score_2"));
        assertEquals(true, value(p, changed, "verified"));
        assertEquals("{\"geo\":{\"lat\":1},\"note\":null}", value(p, changed, Dataset.RESCUED_DATA),
                "a nested value or a null has no column type: rescued");
        assertEquals("Oslo", value(p, changed, "city"));
        assertEquals("eventhub:tweets/0", value(p, changed, "_source"));
        assertEquals("tablet", value(p, rowAt(p, 2), "device"), "field names match ignoring case");
        assertNull(value(p, rowAt(p, 0), "device"), "a row committed before keeps null");

        List<RunResult> evolved = evolvedRuns(p);
        assertEquals(1, evolved.size(), evolved.toString());
        RunResult e = evolved.get(0);
        assertEquals(Dataset.TWEETS.bronzePath(), e.table());
        assertEquals(before + 1, e.tableVersion());
        assertTrue(e.message().contains("device string, reach long, score_2 double, verified boolean"), e.message());
        assertEquals(0, e.rowsIn());
    }

    @Test
    void evolveNeverWidensAColumnALaterValueOfAnotherTypeIsQuarantined() {
        Pipeline p = open(Drift.EVOLVE);
        events(p, "0", tweet(",\"reach\":12")); // reach: LONG
        RunResult r = events(p, "0", tweet(",\"reach\":\"many\""), tweet(",\"reach\":1.5"), tweet(",\"reach\":7"),
                tweet(",\"reach\":null"));
        assertEquals(2, r.rowsWritten(), r.toString());
        assertEquals(2, r.rowsQuarantined(), r.toString());
        assertEquals(ColumnType.LONG, bronze(p).schema().column("reach").type(), "never widened");
        List<QuarantineRecord> q = quarantine(p);
        assertEquals(List.of(1L, 2L), q.stream().map(QuarantineRecord::sourceOffset).sorted().toList());
        for (QuarantineRecord x : q) {
            assertEquals(QuarantineRecord.Kind.SCHEMA, x.kind());
            assertTrue(x.reason().startsWith("column reach: cannot read"), x.reason());
            assertTrue(x.raw().contains("\"reach\""), "the raw payload is kept");
        }
        assertEquals(7L, value(p, rowAt(p, 3), "reach"));
        assertNull(value(p, rowAt(p, 4), "reach"));
        assertEquals(1, evolvedRuns(p).size());
    }

    @Test
    void evolveWithAFieldNamedLikeALineageColumnRescuesIt() {
        Pipeline p = open(Drift.EVOLVE);
        RunResult r = events(p, "0", tweet(",\"_source\":\"spoofed\",\"(x)\":1"));
        assertEquals(1, r.rowsWritten());
        assertEquals("{\"_source\":\"spoofed\"}", value(p, rowAt(p, 0), Dataset.RESCUED_DATA));
        assertEquals("eventhub:tweets/0", value(p, rowAt(p, 0), "_source"));
        assertEquals(1L, value(p, rowAt(p, 0), "x"), "(x) normalises to x");
    }

    @Test
    void aSecondWriterFindsTheColumnAnotherAddedAndRecordsNoSecondChange() {
        Pipeline a = open(Drift.EVOLVE);
        Pipeline b = open(Drift.EVOLVE); // opened before the table changes: its view is the declared schema
        events(a, "0", tweet(",\"device\":\"phone\""));
        RunResult r = events(b, "1", tweet(",\"device\":\"tablet\""), tweet(""));
        assertEquals(2, r.rowsWritten(), r.toString());
        assertEquals("tablet", value(b, rowAt(b, 1), "device"));
        assertNull(value(b, rowAt(b, 2), "device"));
        b.eventLog().flush();
        assertEquals(1, evolvedRuns(a).size(), "one evolved row in the shared log");
        long adds = bronze(a).history(20).stream().filter(h -> h.operation().equals("ADD COLUMNS")).count();
        assertEquals(1, adds);
    }

    @Test
    void concurrentWritersAddingColumnsRaceHarmlessly() throws Exception {
        Pipeline[] writers = new Pipeline[4];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = open(Drift.EVOLVE);
        }
        CyclicBarrier start = new CyclicBarrier(writers.length);
        ExecutorService pool = Executors.newFixedThreadPool(writers.length);
        try {
            List<Future<RunResult>> runs = new ArrayList<>();
            for (int i = 0; i < writers.length; i++) {
                int w = i;
                Callable<RunResult> land = () -> {
                    List<EventBatch.Event> list = new ArrayList<>();
                    // every writer brings "shared", and one column of its own
                    list.add(new EventBatch.Event(tweet(",\"shared\":\"s" + w + "\",\"own" + w + "\":" + w), 0,
                            "p" + w, Instant.parse("2021-06-27T12:00:00Z")));
                    start.await();
                    return writers[w].bronze().ingestEvents(new EventBatch("ns", "tweets", "$Default", "p" + w, list));
                };
                runs.add(pool.submit(land));
            }
            for (Future<RunResult> f : runs) {
                RunResult r = f.get();
                assertEquals(1, r.rowsWritten(), r.toString());
            }
        } finally {
            pool.shutdown();
        }
        LakeTable t = bronze(writers[0]);
        TableSchema s = t.schema();
        assertEquals(Dataset.TWEETS.bronzeSchema().names(), s.names().subList(0, Dataset.TWEETS.bronzeSchema().size()));
        for (int w = 0; w < writers.length; w++) {
            assertEquals(ColumnType.LONG, s.column("own" + w).type());
        }
        assertEquals(ColumnType.STRING, s.column("shared").type());
        assertEquals(Dataset.TWEETS.bronzeSchema().size() + 5, s.size(), "each column once: " + s.names());
        List<Object[]> rows = t.readAll();
        assertEquals(writers.length, rows.size());
        for (Object[] row : rows) {
            String source = (String) row[s.position("_source")];
            int w = Integer.parseInt(source.substring(source.lastIndexOf('p') + 1));
            assertEquals("s" + w, row[s.position("shared")]);
            assertEquals((long) w, row[s.position("own" + w)]);
        }
        for (Pipeline p : writers) {
            p.eventLog().flush();
        }
        List<RunResult> evolved = EventLog.latestRuns(writers[0].lake(), 1000).stream()
                .filter(r -> r.status() == RunStatus.EVOLVED).toList();
        long commits = t.history(100).stream().filter(h -> h.operation().equals("ADD COLUMNS")).count();
        assertEquals(commits, evolved.size(), "one event-log row per metadata commit: " + evolved);
        for (String c : List.of("shared", "own0", "own1", "own2", "own3")) {
            assertEquals(1, evolved.stream().filter(r -> r.message().contains(" " + c + " ")).count(),
                    c + " added by one writer: " + evolved);
        }
    }

    @Test
    void strictQuarantinesEachRecordWithAnUnknownFieldNamingIt() {
        Pipeline p = open(Drift.STRICT);
        RunResult r = events(p, "0", tweet(""), tweet(",\"device\":\"phone\""), tweet(",\"device\":\"x\",\"geo\":{\"a\":[1]}"),
                tweet(",\"lang\":\"en\""));
        assertEquals(1, r.rowsWritten(), r.toString());
        assertEquals(3, r.rowsQuarantined(), r.toString());
        assertEquals(Dataset.TWEETS.bronzeSchema(), bronze(p).schema(), "strict never changes the table");
        Map<Long, QuarantineRecord> q = new HashMap<>();
        quarantine(p).forEach(x -> q.put(x.sourceOffset(), x));
        assertEquals(QuarantineRecord.Kind.SCHEMA, q.get(1L).kind());
        assertEquals("field 'device' is not in the tweets schema: the drift policy of tweets is strict; declare the"
                + " column, or set LAKEHOUSE_DRIFT=tweets=evolve (or rescue)", q.get(1L).reason());
        assertTrue(q.get(2L).reason().startsWith("fields 'device', 'geo' are not in the tweets schema"), q.get(2L).reason());
        assertTrue(q.get(3L).reason().startsWith("field 'lang' "), q.get(3L).reason());
        assertTrue(q.get(1L).raw().contains("\"device\":\"phone\""));
        assertTrue(evolvedRuns(p).isEmpty());
    }

    @Test
    void evolveGrowsATableOnlySoFarTooLongNamesAndFieldsPastTheCapAreRescued() {
        Pipeline p = open(Drift.EVOLVE);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < Typer.MAX_GAINED_COLUMNS + 20; i++) {
            many.append(",\"f").append(i).append("\":").append(i);
        }
        String longName = "n".repeat(Typer.MAX_NEW_COLUMN_NAME + 1);
        RunResult r = events(p, "0", tweet(many + ",\"" + longName + "\":1"), tweet(",\"later\":1"));
        assertEquals(2, r.rowsWritten(), r.toString());
        TableSchema s = bronze(p).schema();
        assertEquals(Dataset.TWEETS.bronzeSchema().size() + Typer.MAX_GAINED_COLUMNS, s.size());
        String rescued = (String) value(p, rowAt(p, 0), Dataset.RESCUED_DATA);
        assertTrue(rescued.contains("\"f" + Typer.MAX_GAINED_COLUMNS + "\":" + Typer.MAX_GAINED_COLUMNS)
                && rescued.contains(longName), rescued);
        assertEquals(0L, value(p, rowAt(p, 0), "f0"));
        assertEquals("{\"later\":1}", value(p, rowAt(p, 1), Dataset.RESCUED_DATA), "the table is full");
    }

    @Test
    void aStrictReasonShowsAHostileFieldNameOnOneLineCutShort() {
        Pipeline p = open(Drift.STRICT);
        events(p, "0", tweet(",\"a\\nb\u2028c" + "x".repeat(200) + "\":1"));
        String reason = quarantine(p).get(0).reason();
        assertTrue(reason.startsWith("field 'a\\u000ab\\u2028cxxx"), reason);
        assertTrue(reason.contains("x…' is not in the tweets schema"), reason);
        assertTrue(reason.chars().noneMatch(c -> c == '\n' || c == '\u2028'), reason);
    }

    @Test
    void strictStillTakesKnownFieldsInAnyCase() {
        Pipeline p = open(Drift.STRICT);
        RunResult r = events(p, "0", (TWEET.replace("\"city\"", "\"CITY\"") + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.rowsWritten(), r.toString());
        assertEquals("Oslo", value(p, rowAt(p, 0), "city"));
    }
}
