package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.RowRejectedException;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.LakeViews;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values that pass a naive typing and then break (or are silently changed by) the writer: each record goes to
 * quarantine with its reason, and the rest of its batch lands (issue 15, items 1, 2, 3 and 5).
 */
class HostileValuesTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;
    Pipeline pipeline;
    BronzeIngest ingest;
    long nextSeq;

    @BeforeEach
    void open() {
        pipeline = pipelines.open(Settings.local(dir.toString()));
        ingest = pipeline.bronze();
    }

    static String tweet(String time, String text) {
        return "{\"time\":\"" + time + "\",\"hashtag\":\"#gogreen\",\"tweet\":\"" + text + "\",\"city\":\"Oslo\","
                + "\"username\":\"ann\",\"retweetcount\":3,\"favouritecount\":1,\"sentiment\":\"\","
                + "\"sentimentscore\":2,\"isretweet\":0,\"hourofday\":\"10\",\"language\":\"en\"}";
    }

    RunResult events(String... bodies) {
        List<EventBatch.Event> list = new ArrayList<>();
        for (String b : bodies) {
            list.add(new EventBatch.Event(b.getBytes(StandardCharsets.UTF_8), nextSeq++, "0",
                    Instant.parse("2021-06-27T12:00:00Z")));
        }
        return ingest.ingestEvents(new EventBatch("ns", "tweets", "$Default", "0", list));
    }

    RunResult file(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return ingest.ingestFile(new LandedFile(path, "etag-" + Arrays.hashCode(bytes), bytes.length,
                () -> new ByteArrayInputStream(bytes)));
    }

    List<Object[]> bronze(Dataset d) {
        return pipeline.lake().table(d.bronzePath()).readAll();
    }

    List<Object[]> quarantine() {
        return pipeline.lake().table(SystemTables.QUARANTINE).readAll();
    }

    void assertOneQuarantined(RunResult r, int good, String reasonPart) {
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertEquals(good, r.rowsWritten(), r.toString());
        assertEquals(1, r.rowsQuarantined(), r.toString());
        List<Object[]> q = quarantine();
        assertEquals(1, q.size());
        assertTrue(((String) q.get(0)[6]).contains(reasonPart), "reason: " + q.get(0)[6]);
    }

    @Test
    void aTimestampBeyondParquetMicrosecondsIsQuarantinedAndTheBatchLands() {
        for (String far : List.of("+294248-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-290309-01-01T00:00:00Z")) {
            nextSeq = 0;
            pipeline.close();
            pipeline = pipelines.open(Settings.local(dir.resolve(far.substring(0, 4)).toString()));
            ingest = pipeline.bronze();
            RunResult r = events(tweet("2021-06-27T10:00:00Z", "ok"), tweet(far, "far"), tweet("2021-06-27T11:00:00Z", "ok"));
            assertOneQuarantined(r, 2, "column time");
            assertEquals(2, bronze(Dataset.TWEETS).size());
        }
    }

    @Test
    void aFarTimestampInAFileIsQuarantined() {
        RunResult r = file("tweets/far.json", tweet("2021-06-27T10:00:00Z", "ok") + "\n"
                + tweet("+294248-01-01T00:00:00Z", "far") + "\n");
        assertOneQuarantined(r, 1, "column time");
    }

    @Test
    void aLoneSurrogateIsQuarantinedNotAlteredOrFatal() {
        RunResult r = events(tweet("2021-06-27T10:00:00Z", "ok"), tweet("2021-06-27T10:00:00Z", "a\\ud800b"),
                tweet("2021-06-27T10:00:00Z", "pair \\ud83d\\ude00 fine"));
        assertOneQuarantined(r, 2, "surrogate");
        List<Object[]> rows = bronze(Dataset.TWEETS);
        assertTrue(rows.stream().anyMatch(x -> "pair \uD83D\uDE00 fine".equals(x[2])), "a surrogate pair is kept");
    }

    @Test
    void aLoneSurrogateInARescuedFieldIsQuarantined() {
        String t = tweet("2021-06-27T10:00:00Z", "ok");
        RunResult r = events(t, t.substring(0, t.length() - 1) + ",\"extra\":\"x\\udc00\"}");
        assertOneQuarantined(r, 1, "surrogate");
    }

    static final String STORE = "\"%s\",\"%s\",\"2\",\"tropicana\",\"10\",\"1\",\"2.5\",\"25.0\"";

    @Test
    void aDateBeyondInt32DaysIsQuarantinedNotWrapped() {
        RunResult r = file("store-transactions/far.txt", String.format(STORE, "a", "2021-06-27") + "\n"
                + String.format(STORE, "b", "+999999999-12-31") + "\n");
        assertOneQuarantined(r, 1, "column WeekStarting");
        List<Object[]> rows = bronze(Dataset.STORE_TRANSACTIONS);
        assertEquals(LocalDate.of(2021, 6, 27), rows.get(0)[1]);
    }

    @Test
    void aDateWithinInt32DaysButFarIsKeptExactly() {
        // the last day Spark's DATE takes is +5881580-07-11 (int32 days); Bronze stores what came, without wrapping
        RunResult r = file("store-transactions/ok.txt", String.format(STORE, "a", "9999-12-31") + "\n");
        assertEquals(1, r.rowsWritten(), r.toString());
        assertEquals(LocalDate.of(9999, 12, 31), bronze(Dataset.STORE_TRANSACTIONS).get(0)[1]);
    }

    static final String SALES = "Quantity,Advert,Price,Brand\n";

    @Test
    void aFloatOverflowIsQuarantinedWhileLiteralInfinityAndNaNStay() {
        RunResult r = file("sales/f.csv", SALES + "1,1,2.5,a\n1,1,1e400,b\n");
        assertOneQuarantined(r, 1, "column Price");
        RunResult r2 = file("sales/g.csv", SALES + "1,1,3.5e38,c\n");
        assertEquals(1, r2.rowsQuarantined(), r2.toString());
        RunResult r3 = file("sales/h.csv", SALES + "1,1,Infinity,d\n1,1,NaN,e\n1,1,-Infinity,f\n1,1,1e-50,g\n");
        assertEquals(4, r3.rowsWritten(), r3.toString());
    }

    @Test
    void aJsonFloatOverflowIsQuarantined() {
        // tweets have no float column: the decimal sentimentscore overflows instead
        RunResult r = events(tweet("2021-06-27T10:00:00Z", "ok"),
                tweet("2021-06-27T10:00:00Z", "ok").replace("\"sentimentscore\":2", "\"sentimentscore\":1e400"));
        assertOneQuarantined(r, 1, "column sentimentscore");
    }

    @Test
    void aRowTheWriterRefusesIsQuarantinedAndTheRestOfItsBatchLands() {
        // the last line of defence: a value that passes typing but that the writer refuses (here by injection)
        String path = Dataset.TWEETS.bronzePath();
        Lake refusing = LakeViews.wrapping(pipeline.lake(), path, t -> LakeViews.intercept(t, Set.of("appendAfter"), args -> {
            @SuppressWarnings("unchecked") List<Object[]> rows = (List<Object[]>) args[0];
            for (Object[] row : rows) {
                if (String.valueOf(row[2]).startsWith("poison")) {
                    throw new RowRejectedException(row, "column tweet: injected refusal", null);
                }
            }
            return null;
        }));
        BronzeIngest guarded = new BronzeIngest(refusing, pipeline.eventLog(), Clock.systemUTC(), 1000);
        ingest = guarded;
        RunResult r = events(tweet("2021-06-27T10:00:00Z", "ok"), tweet("2021-06-27T10:00:00Z", "poison 1"),
                "not json", tweet("2021-06-27T10:00:00Z", "poison 2"), tweet("2021-06-27T10:00:00Z", "ok"));
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertEquals(2, r.rowsWritten(), r.toString());
        assertEquals(3, r.rowsQuarantined(), r.toString());
        List<Object[]> q = quarantine();
        assertEquals(3, q.size());
        Object[] poison = q.stream().filter(x -> Long.valueOf(1).equals(x[2])).findFirst().orElseThrow();
        assertEquals("schema", poison[5]);
        assertEquals("cannot be stored: column tweet: injected refusal", poison[6]);
        assertTrue(((String) poison[3]).contains("poison 1"), "the raw payload is kept: " + poison[3]);
        assertEquals(2, bronze(Dataset.TWEETS).size());
        // a redelivery lands nothing twice
        nextSeq = 0;
        RunResult again = events(tweet("2021-06-27T10:00:00Z", "ok"), tweet("2021-06-27T10:00:00Z", "poison 1"),
                "not json", tweet("2021-06-27T10:00:00Z", "poison 2"), tweet("2021-06-27T10:00:00Z", "ok"));
        assertEquals(5, again.rowsDuplicate(), again.toString());
        assertEquals(3, quarantine().size());

        // and a file through the same guard: the CSV line's text is the payload
        String sales = Dataset.SALES.bronzePath();
        Lake refusingSales = LakeViews.wrapping(pipeline.lake(), sales, t -> LakeViews.intercept(t, Set.of("appendAfter"), args -> {
            @SuppressWarnings("unchecked") List<Object[]> rows = (List<Object[]>) args[0];
            for (Object[] row : rows) {
                if ("poison".equals(row[3])) {
                    throw new RowRejectedException(row, "column Brand: injected", null);
                }
            }
            return null;
        }));
        ingest = new BronzeIngest(refusingSales, pipeline.eventLog(), Clock.systemUTC(), 1000);
        RunResult f = file("sales/p.csv", SALES + "1,1,2.5,a\n1,1,2.5,poison\n");
        assertEquals(1, f.rowsWritten(), f.toString());
        assertEquals(1, f.rowsQuarantined(), f.toString());
        assertTrue(quarantine().stream().anyMatch(x -> "1,1,2.5,poison".equals(x[3]) && Long.valueOf(3).equals(x[2])));
    }

    @Test
    void theLakeRefusesWhatParquetCannotHoldAndLeavesNoFile() throws Exception {
        LakeTable t = pipeline.lake().table("bronze/probe");
        t.createIfAbsent(new TableSpec("probe", "probe", TableSchema.of(
                Column.of("ts", ColumnType.TIMESTAMP),
                Column.of("d", ColumnType.DATE),
                Column.of("s", ColumnType.STRING)), List.of(), Map.of()));
        Object[][] bad = {
                {Instant.MAX, null, null},
                {null, LocalDate.of(999_999_999, 12, 31), null},
                {null, null, "a\ud800b"},
        };
        for (Object[] row : bad) {
            List<Object[]> rows = List.of(new Object[]{Instant.EPOCH, LocalDate.EPOCH, "ok"}, row);
            RowRejectedException e = Assertions.assertThrows(RowRejectedException.class,
                    () -> t.append(rows, List.of()));
            Assertions.assertSame(row, e.row());
        }
        assertEquals(0, t.readAll().size());
        try (var files = Files.list(dir.resolve("bronze/probe"))) {
            assertEquals(List.of("_delta_log"), files.map(f -> f.getFileName().toString()).toList(), "no data file left");
        }
    }

    @Test
    void hugeExponentsAreDecidedAtOnce() {
        long t0 = System.nanoTime();
        RunResult r = events(tweet("2021-06-27T10:00:00Z", "ok").replace("\"sentimentscore\":2", "\"sentimentscore\":1e999999999"),
                tweet("2021-06-27T10:00:00Z", "ok").replace("\"sentimentscore\":2", "\"sentimentscore\":1e-999999999"));
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "not minutes");
        assertEquals(1, r.rowsQuarantined(), r.toString());
        assertEquals(1, r.rowsWritten(), r.toString());
        assertEquals(BigDecimal.ZERO, bronze(Dataset.TWEETS).get(0)[8]);
    }

    @Test
    void aLineOfOnlyNonBreakingSpacesIsQuarantinedAsBlankNotAsSomethingElse() {
        String nbsp = "blank record: only whitespace (U+00A0 no-break space), no value";
        file("tweets/nbsp.json", tweet("2021-06-27T10:00:00Z", "ok") + "\n\u00a0\u00a0\n");
        file("sales/nbsp.csv", SALES + "1,1,2.5,a\n \u00a0\t\n");
        events("\u00a0", "\u2003 \u00a0", "  ");
        List<String> reasons = quarantine().stream().map(x -> (String) x[6]).sorted().toList();
        assertEquals(List.of(nbsp, nbsp, nbsp,
                "blank record: only whitespace (U+2003 em space, U+00A0 no-break space), no value",
                "empty event body"), reasons);
    }
}
