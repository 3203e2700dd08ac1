package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.bench.IngestBench;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.delta.DeltaTable;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input of every kind: no crash, nothing lost, a clear reason. */
class BronzeIngestTest {
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

    static String tweet(String time, String city, String extra) {
        return "{\"time\":" + (time == null ? "null" : "\"" + time + "\"") + ",\"hashtag\":\"#gogreen\","
                + "\"tweet\":\"Loving #GoGreen\",\"city\":" + (city == null ? "null" : "\"" + city + "\"")
                + ",\"username\":\"ann\",\"retweetcount\":3,\"favouritecount\":1,\"sentiment\":\"\","
                + "\"sentimentscore\":2.5,\"isretweet\":0,\"hourofday\":\"10\",\"language\":\"en\"" + extra + "}";
    }

    RunResult events(byte[]... bodies) {
        List<EventBatch.Event> list = new ArrayList<>();
        for (byte[] b : bodies) {
            list.add(new EventBatch.Event(b, nextSeq++, "0", Instant.parse("2021-06-27T12:00:00Z")));
        }
        return ingest.ingestEvents(new EventBatch("ns", "tweets", "$Default", "0", list));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    List<Object[]> quarantine() {
        return pipeline.lake().table(SystemTables.QUARANTINE).readAll();
    }

    Object[] quarantined(long offset) {
        return quarantine().stream().filter(r -> Long.valueOf(offset).equals(r[2])).findFirst().orElseThrow();
    }

    List<Object[]> bronze(Dataset d) {
        return pipeline.lake().table(d.bronzePath()).readAll();
    }

    static void assertAccounted(RunResult r) {
        assertEquals(r.rowsIn(), r.rowsWritten() + r.rowsQuarantined() + r.rowsDuplicate(), "every record accounted: " + r);
    }

    @Test
    void theEventHubTablesCheckpointEveryHundredCommitsTheOthersEveryTen() throws Exception {
        for (String table : List.of(Dataset.TWEETS.bronzePath(), SystemTables.QUARANTINE, Dataset.CAMPAIGNS.bronzePath(),
                SystemTables.EVENT_LOG)) {
            String create = Files.readString(dir.resolve(table).resolve("_delta_log/00000000000000000000.json"));
            String expected = table.equals(Dataset.TWEETS.bronzePath()) || table.equals(SystemTables.QUARANTINE) ? "100" : "10";
            assertTrue(create.contains("\"delta.checkpointInterval\":\"" + expected + "\""), table + ": " + create);
        }
        String good = tweet("2021-06-27T10:15:30Z", "Oslo", "");
        String bad = tweet("2021-06-27T10:15:30Z", null, "");
        for (int i = 0; i < 12; i++) {
            assertEquals(RunStatus.COMMITTED, events(utf8(good), utf8(bad)).status());
        }
        LakeTable tweets = pipeline.lake().table(Dataset.TWEETS.bronzePath());
        LakeTable quarantine = pipeline.lake().table(SystemTables.QUARANTINE);
        assertEquals(12, tweets.version());
        assertEquals(12, quarantine.version());
        ((DeltaTable) tweets).awaitCheckpoint();
        assertEquals(-1, tweets.lastCheckpointVersion(), "no checkpoint at version 10");
        assertEquals(-1, quarantine.lastCheckpointVersion(), "no checkpoint at version 10");
        assertEquals(12, bronze(Dataset.TWEETS).size());
        assertEquals(12, quarantine().size());
    }

    @Test
    void badEventsAreQuarantinedWithTheirReason() {
        byte[] invalidUtf8 = {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', '}'};
        String huge = "x".repeat(2 * 1024 * 1024);
        RunResult r = events(
                utf8(tweet("2021-06-27T10:15:30Z", "Seattle", "")),                      // 0 ok
                utf8("{\"time\": \"2021-06-27T10:15:30Z\", \"city\": "),                   // 1 malformed
                utf8("[1, 2, 3]"),                                                          // 2 not an object
                utf8("\"just a string\""),                                                  // 3 not an object
                utf8(""),                                                                   // 4 empty body
                invalidUtf8,                                                                // 5 invalid UTF-8
                utf8(tweet("2021-06-27T10:15:30Z", "Oslo", "").replace("Loving #GoGreen", huge)), // 6 2 MB event
                utf8(tweet("2021-06-27T10:15:30Z", null, "")),                              // 7 missing city
                utf8(tweet("2021-06-27T10:15:30Z", "Rome", "").replace("\"retweetcount\":3", "\"retweetcount\":\"many\"")), // 8
                utf8(tweet("2021-06-27T10:15:30Z", "Lima", ",\"device\":\"phone\",\"geo\":{\"lat\":1}")), // 9 extra fields
                utf8(tweet("yesterday", "Kyiv", "")),                                        // 10 garbage time
                utf8("{\"city\":\"Paris\",\"City\":\"Lyon\"}"),                             // 11 same field twice
                utf8("{\"city\":\"Paris\"} trailing"));                                     // 12 text after
        assertAccounted(r);
        assertEquals(13, r.rowsIn());
        assertEquals(3, r.rowsWritten(), r.toString());
        assertEquals(10, r.rowsQuarantined());
        assertEquals(1, r.expectationFailures("valid_city"));

        assertTrue(((String) quarantined(1)[6]).startsWith("malformed JSON"), (String) quarantined(1)[6]);
        assertEquals("parse", quarantined(1)[5]);
        assertEquals("expected a JSON object, found an array", quarantined(2)[6]);
        assertEquals("expected a JSON object, found a string", quarantined(3)[6]);
        assertEquals("empty event body", quarantined(4)[6]);
        Object[] bad = quarantined(5);
        assertEquals("base64", bad[4]);
        assertArrayEquals(invalidUtf8, Base64.getDecoder().decode((String) bad[3]), "raw bytes kept exactly");
        assertEquals("expectation", quarantined(7)[5]);
        assertEquals("valid_city", quarantined(7)[7]);
        assertTrue(((String) quarantined(7)[3]).contains("\"city\":null"), "raw payload kept");
        assertEquals("column retweetcount: cannot read 'many' as int", quarantined(8)[6]);
        assertEquals("column time: cannot read 'yesterday' as timestamp", quarantined(10)[6]);
        assertTrue(((String) quarantined(11)[6]).contains("appears twice"));
        assertTrue(((String) quarantined(12)[6]).contains("trailing"), (String) quarantined(12)[6]);
        for (Object[] q : quarantine()) {
            assertEquals("eventhub:tweets/0", q[1]);
            assertEquals("tweets", q[0]);
        }

        List<Object[]> rows = bronze(Dataset.TWEETS);
        Object[] big = rows.stream().filter(x -> "Oslo".equals(x[3])).findFirst().orElseThrow();
        assertEquals(huge.length(), ((String) big[2]).length(), "the 2 MB tweet is whole");
        Object[] lima = rows.stream().filter(x -> "Lima".equals(x[3])).findFirst().orElseThrow();
        assertEquals("{\"device\":\"phone\",\"geo\":{\"lat\":1}}", lima[12], "unknown fields kept in _rescued_data");
        assertEquals(new BigDecimal("3"), lima[8], "2.5 rounds half up to 3 as CAST(... AS DECIMAL(10,0))");
    }

    @Test
    void aLargeBatchParsedInSlicesLandsAsIfParsedOneEventAtATime() {
        byte[][] kinds = {
                utf8(tweet("2021-06-27T10:15:30Z", "Seattle", "")),
                utf8("{\"time\": \"2021-06-27T10:15:30Z\", \"city\": "),
                utf8("[1, 2, 3]"),
                utf8(""),
                {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', '}'},
                utf8(tweet("2021-06-27T10:15:30Z", null, "")),
                utf8(tweet("2021-06-27T10:15:30Z", "Rome", "").replace("\"retweetcount\":3", "\"retweetcount\":\"many\"")),
                utf8(tweet("2021-06-27T10:15:30Z", "Lima", ",\"device\":\"phone\"")),
                utf8(tweet("2021-06-27 10:15:30.5+02:00", "Caf\u00e9 \\u00e9", "")),
                utf8(tweet("yesterday", "Kyiv", "")),
        };
        Random rnd = new Random(4);
        List<String> good = IngestBench.tweets(600, 9);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            bodies.add(i < good.size() && rnd.nextInt(3) > 0 ? utf8(good.get(i)) : kinds[rnd.nextInt(kinds.length)]);
        }
        RunResult whole = events(bodies.toArray(new byte[0][]));
        assertTrue(bodies.size() >= 2 * BatchParser.PARALLEL_PARSE_MIN, "parsed in slices");

        Pipeline other = pipelines.open(Settings.local(dir.resolve("one-by-one").toString()));
        long seq = 0;
        long written = 0;
        long quarantined = 0;
        for (byte[] b : bodies) {
            RunResult r = other.ingestEvents(new EventBatch("ns", "tweets", "$Default", "0",
                    List.of(new EventBatch.Event(b, seq++, "0", Instant.parse("2021-06-27T12:00:00Z")))));
            written += r.rowsWritten();
            quarantined += r.rowsQuarantined();
        }
        assertAccounted(whole);
        assertEquals(written, whole.rowsWritten());
        assertEquals(quarantined, whole.rowsQuarantined());
        assertTrue(whole.rowsWritten() > 400 && whole.rowsQuarantined() > 100, whole.toString());
        // the same rows: source columns, _rescued_data, source, offset, enqueued time (not the ingestion time)
        assertEquals(project(bronze(Dataset.TWEETS), 16, 14), project(other.lake().table(Dataset.TWEETS.bronzePath()).readAll(), 16, 14));
        // the same quarantine rows: dataset, source, offset, payload, encoding, kind, reason, expectation
        assertEquals(project(quarantine(), 8, 2), project(other.lake().table(SystemTables.QUARANTINE).readAll(), 8, 2));
    }

    /** The first {@code width} columns of each row, as lists sorted by the column {@code by}. */
    static List<List<Object>> project(List<Object[]> rows, int width, int by) {
        return rows.stream().sorted(Comparator.comparingLong(r -> (Long) r[by]))
                .map(r -> Arrays.asList(Arrays.copyOf(r, width))).toList();
    }

    @Test
    void timestampsInSeveralFormatsAreRead() {
        String[] forms = {"2021-06-27T10:15:30Z", "2021-06-27T05:15:30-05:00", "2021-06-27T10:15:30",
                "2021-06-27 10:15:30", "2021-06-27T10:15:30.000000Z", "2021-06-27T12:15:30+0200"};
        byte[][] bodies = new byte[forms.length][];
        for (int i = 0; i < forms.length; i++) {
            bodies[i] = utf8(tweet(forms[i], "City" + i, ""));
        }
        RunResult r = events(bodies);
        assertEquals(forms.length, r.rowsWritten(), r.toString());
        for (Object[] row : bronze(Dataset.TWEETS)) {
            assertEquals(Instant.parse("2021-06-27T10:15:30Z"), row[0], String.valueOf(row[3]));
        }
        RunResult fractional = events(utf8(tweet("2021-06-27T10:15:30.123456789Z", "Nano", "")));
        assertEquals(1, fractional.rowsWritten());
        assertEquals(Instant.parse("2021-06-27T10:15:30.123456Z"), bronze(Dataset.TWEETS).stream()
                .filter(x -> "Nano".equals(x[3])).findFirst().orElseThrow()[0], "microseconds, as Delta keeps");
    }

    @Test
    void fieldNamesAreMatchedIgnoringCaseAndTypesCoerced() {
        RunResult r = events(utf8("{\"Time\":\"2021-06-27T10:15:30Z\",\"CITY\":\"Bonn\",\"RetweetCount\":\"12\","
                + "\"isRetweet\":1.0,\"SentimentScore\":\"-2.5\",\"hourofday\":7}"));
        assertEquals(1, r.rowsWritten(), r.toString());
        Object[] row = bronze(Dataset.TWEETS).get(0);
        assertEquals(12, row[5]);
        assertEquals(1, row[9]);
        assertEquals(new BigDecimal("-3"), row[8]);
        assertEquals("7", row[10]);
    }

    RunResult file(String path, byte[] content) {
        return ingest.ingestFile(new LandedFile(path, "etag-" + Arrays.hashCode(content), content.length,
                () -> new ByteArrayInputStream(content)));
    }

    static final String SALES_HEADER = "Quantity,Advert,Price,Brand";

    @Test
    void badCsvLinesAreQuarantinedOneByOne() {
        String csv = "\uFEFF" + SALES_HEADER + "\r\n"
                + "10,1,2.5,tropicana\r\n"          // line 2 ok
                + "10,1,2.5\r\n"                     // 3 too few
                + "10,1,2.5,tropicana,extra\r\n"     // 4 too many
                + "10,1,\"2.5,tropicana\r\n"         // 5 unterminated quote
                + "\r\n"                             // 6 blank: not a record
                + "   \r\n"                          // 7 blank
                + "ten,1,2.5,minute.maid\r\n"        // 8 wrong type
                + "\" 7 \",0, 3.25 ,\"dominicks\"\r\n" // 9 quoted, spaces: ok
                + "8,0,1.5,\r\n"                     // 10 missing brand: dropped by valid_brand
                + "9,0,1.5,\"quoted \"\"brand\"\"\""; // 11 no final newline, escaped quotes
        RunResult r = file("sales/SalesDataAfterCampaign.csv", utf8(csv));
        assertAccounted(r);
        assertEquals(RunStatus.COMMITTED, r.status());
        assertEquals(8, r.rowsIn());
        assertEquals(3, r.rowsWritten());
        assertEquals(5, r.rowsQuarantined());
        assertEquals("expected 4 fields for sales, found 3", quarantined(3)[6]);
        assertEquals("expected 4 fields for sales, found 5", quarantined(4)[6]);
        assertTrue(((String) quarantined(5)[6]).startsWith("unterminated quoted field in column 3"));
        assertEquals("column Quantity: cannot read 'ten' as int", quarantined(8)[6]);
        assertEquals("valid_brand", quarantined(10)[7]);
        assertEquals("landing/sales/SalesDataAfterCampaign.csv", quarantined(3)[1]);
        List<Object[]> rows = bronze(Dataset.SALES);
        assertTrue(rows.stream().anyMatch(x -> Integer.valueOf(7).equals(x[0]) && Float.valueOf(3.25f).equals(x[2])));
        assertTrue(rows.stream().anyMatch(x -> "quoted \"brand\"".equals(x[3])));
    }

    @Test
    void wholeFileProblemsRejectTheFileAndCommitNothing() {
        long before = pipeline.lake().table(Dataset.SALES.bronzePath()).version();
        assertEquals(RunStatus.REJECTED, file("invoices/x.csv", utf8("a\n1\n")).status());
        RunResult traversal = file("sales/../../etc/passwd", utf8("x"));
        assertEquals(RunStatus.REJECTED, traversal.status());
        assertTrue(traversal.message().contains("'..'"), traversal.message());
        assertEquals(RunStatus.REJECTED, file("sales/bad\u0001name.csv", utf8("x")).status());
        assertEquals(RunStatus.REJECTED, file("nofolder.csv", utf8("x")).status());
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        RunResult bin = file("sales/photo.csv", binary);
        assertEquals(RunStatus.REJECTED, bin.status());
        assertTrue(bin.message().startsWith("binary file"), bin.message());
        RunResult header = file("sales/wrong-header.csv", utf8("Quantity,Advert,Price\n1,2,3\n"));
        assertEquals(RunStatus.REJECTED, header.status());
        assertTrue(header.message().contains("header has 3 columns, sales files have 4"), header.message());
        assertEquals(before, pipeline.lake().table(Dataset.SALES.bronzePath()).version());
        assertEquals(0, quarantine().size());
    }

    @Test
    void headerOnlyAndEmptyFilesLandNothingAndAreRecognisedNextTime() {
        RunResult headerOnly = file("sales/header-only.csv", utf8(SALES_HEADER + "\n"));
        assertEquals(RunStatus.EMPTY, headerOnly.status());
        assertEquals(0, headerOnly.rowsIn());
        RunResult empty = file("store-transactions/empty.txt", new byte[0]);
        assertEquals(RunStatus.EMPTY, empty.status());
        assertEquals(RunStatus.SKIPPED, file("store-transactions/empty.txt", new byte[0]).status());
    }

    @Test
    void headerlessAllQuotedStoreTransactionsLand() {
        String txt = "\"1\",\"1990-06-14\",\"1000\",\"dominicks\",\"12003\",\"1\",\"2.59\",\"31087.77\"\r\n"
                + "\"2\",\"1990-06-21\",\"\",\"tropicana\",\"1\",\"0\",\"1.00\",\"1.00\"\r\n"; // no store: dropped
        RunResult r = file("store-transactions/dbo.SalesTransData.txt", utf8(txt));
        assertEquals(1, r.rowsWritten());
        assertEquals(1, r.rowsQuarantined());
        Object[] row = bronze(Dataset.STORE_TRANSACTIONS).get(0);
        assertEquals("1", row[0]);
        assertEquals(LocalDate.of(1990, 6, 14), row[1]);
        assertEquals(31087.77f, row[7]);
        assertNull(row[8], "no rescued data for CSV");
    }

    @Test
    void aLargeFileIsCommittedInChunksAndResumesAfterTheLastCommittedOne() {
        Pipeline small = pipelines.open(new Settings(dir.toString(), null, "default", 100, 1_000_000));
        StringBuilder sb = new StringBuilder(SALES_HEADER + "\n");
        for (int i = 0; i < 950; i++) {
            sb.append(i).append(",0,1.5,").append(i % 10 == 0 ? "" : "b").append('\n');
        }
        byte[] content = utf8(sb.toString());
        RunResult r = small.bronze().ingestFile(new LandedFile("sales/big.csv", "e1", content.length,
                () -> new ByteArrayInputStream(content)));
        assertAccounted(r);
        assertEquals(950, r.rowsIn());
        assertEquals(855, r.rowsWritten());
        assertEquals(95, r.rowsQuarantined());
        LakeTable bronze = small.lake().table(Dataset.SALES.bronzePath());
        assertEquals(10, bronze.history(100).stream().filter(h -> h.operation().equals("WRITE")).count(),
                "ten chunks of 100 records");
        // a redelivery of the same file commits nothing and does not even read it
        RunResult again = small.bronze().ingestFile(new LandedFile("sales/big.csv", "e1", content.length,
                () -> { throw new IOException("must not be opened"); }));
        assertEquals(RunStatus.SKIPPED, again.status());
        assertEquals(855, bronze.readAll().size());
    }
}
