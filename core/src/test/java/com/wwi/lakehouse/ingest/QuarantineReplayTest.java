package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.LandingNode;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.LakeAudit;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.silver.SentimentScorer;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replaying quarantined records: through today's parsing, typing and expectations; landed in Bronze once with their
 * source coordinates, however often, however selected, interrupted between the two commits or run twice at once;
 * landed = Bronze + unresolved quarantine throughout; Silver follows.
 */
class QuarantineReplayTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    /** Every tweet mentions a campaign, so Silver must hold each replayed one. */
    private static final SentimentScorer NEUTRAL = new SentimentScorer() {
        @Override
        public List<Score> score(List<String> texts) {
            return texts.stream().map(t -> new Score(Label.Neutral, 0.5, "t-1")).toList();
        }

        @Override
        public String version() {
            return "t-1";
        }
    };

    private static byte[] tweet(int i, String city) {
        return ("{\"time\":\"2021-12-31T22:30:00Z\",\"hashtag\":\"#gogreen\",\"tweet\":\"#GoGreen " + i + "\","
                + "\"city\":" + (city == null ? "null" : "\"" + city + "\"") + ",\"retweetcount\":" + i + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** 30 tweets: every third without a city (dropped by valid_city), every tenth not JSON. */
    private Pipeline landTweets() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()), NEUTRAL);
        List<EventBatch.Event> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] body = i % 10 == 9 ? ("{\"tweet\": broken " + i).getBytes(StandardCharsets.UTF_8)
                    : tweet(i, i % 3 == 0 ? null : "Oslo");
            events.add(new EventBatch.Event(body, i, String.valueOf(i), null));
        }
        p.ingestEvents(new EventBatch("ns", "tweets", "$Default", "0", events));
        return p;
    }

    /** The lab's graph with no expectation on tweets: city-less tweets are welcome now. */
    private static PipelineGraph relaxed() {
        return PipelineGraph.of(LabGraph.GRAPH.landings().stream()
                .map(l -> l.dataset() == Dataset.TWEETS ? new LandingNode(l.dataset(), List.of(), LandingNode.Drift.RESCUE) : l)
                .toList(), List.of());
    }

    private static void assertExact(Pipeline p, long landed) {
        LakeAudit.Result a = LakeAudit.audit(p.lake());
        assertEquals(0, a.duplicates());
        assertEquals(List.of(), a.resolutionProblems());
        long total = a.datasets().values().stream().mapToLong(LakeAudit.DatasetCount::landed).sum();
        assertEquals(landed, total, "landed = Bronze + unresolved quarantine");
    }

    @Test
    void aRecordThatPassesTodayLandsOnceWithItsSourceAndOneThatStillFailsStaysWithItsReason() {
        Pipeline p = landTweets();
        LakeTable bronze = p.lake().table(Dataset.TWEETS.bronzePath());
        assertEquals(18, bronze.readAll().size()); // 30 - 9 without a city - 3 broken
        assertExact(p, 30);

        // with the lab's expectations nothing has changed: every record still fails, nothing is written
        QuarantineReplay.Outcome same = p.quarantineReplay(QuarantineReplay.DEFAULT_BATCH)
                .replay(Quarantine.Filter.ALL, Progress.NONE);
        assertEquals(0, same.landed());
        assertEquals(12, same.stillFailing());
        assertEquals(RunStatus.SKIPPED, same.run().status());
        assertEquals(9L, same.failures().get("tweets expectation: dropped by expectation valid_city"), same.failures().toString());
        assertEquals(12, same.failures().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(same.failures().keySet().stream().allMatch(k -> k.startsWith("tweets expectation: ")
                || k.startsWith("tweets parse: ")), "grouped by dataset, kind and reason: " + same.failures());
        assertFalse(p.lake().table(SystemTables.QUARANTINE_RESOLUTIONS).exists(), "nothing landed, nothing resolved");

        // valid_city relaxed: the 9 city-less tweets land, the 3 broken ones stay
        QuarantineReplay replay = new QuarantineReplay(p.lake(), p.eventLog(), Clock.systemUTC(), relaxed(), 4);
        QuarantineReplay.Outcome out = replay.replay(Quarantine.Filter.ALL, Progress.NONE);
        assertEquals(9, out.landed());
        assertEquals(3, out.stillFailing());
        assertEquals(RunStatus.COMMITTED, out.run().status());
        assertEquals(Stage.REPLAY, out.run().stage());
        assertEquals(12, out.run().rowsIn());
        assertTrue(out.run().accountedFor());
        List<Object[]> rows = bronze.readAll();
        assertEquals(27, rows.size());
        int source = bronze.schema().position("_source");
        int offset = bronze.schema().position("_source_offset");
        for (long seq : new long[]{0, 3, 6, 12, 15, 18, 21, 24, 27}) {
            assertEquals(1, rows.stream().filter(r -> r[offset].equals(seq) && "eventhub:tweets/0".equals(r[source]))
                    .count(), "sequence " + seq + " once, with its source");
        }
        assertExact(p, 30);
        List<Quarantine.Entry> entries = Quarantine.read(p.lake(), Quarantine.Filter.ALL);
        assertEquals(12, entries.size(), "the quarantine keeps every record");
        assertEquals(9, entries.stream().filter(e -> e.resolved() && e.resolution() != null).count());

        // again, and with another selection: nothing lands twice
        QuarantineReplay.Outcome again = replay.replay(Quarantine.Filter.ALL, Progress.NONE);
        assertEquals(0, again.landed());
        assertEquals(9, again.alreadyResolved());
        replay.replay(new Quarantine.Filter("tweets", QuarantineRecord.Kind.EXPECTATION, "valid_city", null),
                Progress.NONE);
        assertEquals(27, bronze.readAll().size());
        assertEquals(9, p.lake().table(SystemTables.QUARANTINE_RESOLUTIONS).readAll().size());
        assertExact(p, 30);

        // Silver picks the replayed tweets up as usual: exactly the campaign tweets of Bronze
        p.silver().orElseThrow().catchUp();
        LakeAudit.Result a = LakeAudit.audit(p.lake());
        assertEquals(27, a.silverExpected());
        assertEquals(0, a.silverWrong());
        p.silver().orElseThrow().catchUp();
        assertEquals(0, LakeAudit.audit(p.lake()).silverWrong());
    }

    @Test
    void aReplayKilledBetweenBronzeAndItsResolutionsLandsNothingTwiceWhenRunAgain() {
        Pipeline p = landTweets();
        QuarantineReplay crashing = new QuarantineReplay(p.lake(), p.eventLog(), Clock.systemUTC(), relaxed(), 3);
        crashing.afterBronzeCommit = () -> {
            throw new IllegalStateException("killed");
        };
        QuarantineReplay.Outcome killed = crashing.replay(Quarantine.Filter.ALL, Progress.NONE);
        assertEquals(RunStatus.FAILED, killed.run().status());
        LakeTable bronze = p.lake().table(Dataset.TWEETS.bronzePath());
        long version = bronze.version();
        assertEquals(18 + 3, bronze.readAll().size(), "the first chunk of 3 landed");
        assertExact(p, 30); // resolved by Bronze's txn, though its resolution row is missing
        assertEquals(3, Quarantine.read(p.lake(), Quarantine.Filter.ALL).stream()
                .filter(Quarantine.Entry::resolutionPending).count());

        QuarantineReplay.Outcome rerun = new QuarantineReplay(p.lake(), p.eventLog(), Clock.systemUTC(), relaxed(), 3)
                .replay(Quarantine.Filter.ALL, Progress.NONE);
        assertEquals(3, rerun.landedBefore(), "recognised in Bronze: only the resolution written");
        assertEquals(6, rerun.landed());
        assertEquals(27, bronze.readAll().size());
        assertTrue(bronze.version() > version);
        List<QuarantineResolution> res = p.lake().table(SystemTables.QUARANTINE_RESOLUTIONS).readAll().stream()
                .map(QuarantineResolution::fromRow).toList();
        assertEquals(9, res.size());
        assertEquals(3, res.stream().filter(r -> r.bronzeVersion() == null).count());
        assertExact(p, 30);
    }

    @Test
    void twoReplaysAtOnceLandEachRecordOnce() throws Exception {
        Pipeline p = landTweets();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<QuarantineReplay.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                QuarantineReplay r = new QuarantineReplay(p.lake(), p.eventLog(), Clock.systemUTC(), relaxed(), 1);
                runs.add(pool.submit(() -> r.replay(Quarantine.Filter.ALL, Progress.NONE)));
            }
            long landed = 0;
            for (Future<QuarantineReplay.Outcome> f : runs) {
                QuarantineReplay.Outcome o = f.get();
                assertTrue(o.run().status() != RunStatus.FAILED, o.run().message());
                landed += o.landed();
            }
            assertEquals(9, landed, "each record landed by one of the two");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(27, p.lake().table(Dataset.TWEETS.bronzePath()).readAll().size());
        assertEquals(9, p.lake().table(SystemTables.QUARANTINE_RESOLUTIONS).readAll().size());
        assertExact(p, 30);
    }

    @Test
    void anEditedPayloadLandsInsteadAndTheOriginalStaysResolvedWithAPointerToTheEdit() {
        Pipeline p = pipelines.open(dir.toString());
        byte[] file = "Quantity,Advert,Price,Brand\n1,1,2.5,a\nmany,1,2.5,b\n3,1,2.5,c\n".getBytes(StandardCharsets.UTF_8);
        p.bronze().ingestFile(new LandedFile("sales/s.csv", "e1", file.length, () -> new ByteArrayInputStream(file)));
        List<Quarantine.Entry> q = Quarantine.read(p.lake(), new Quarantine.Filter("sales", null, null, null));
        assertEquals(1, q.size());
        Quarantine.Entry bad = q.get(0);
        assertEquals("many,1,2.5,b", bad.record().raw());

        QuarantineReplay replay = p.quarantineReplay(QuarantineReplay.DEFAULT_BATCH);
        assertThrows(IllegalArgumentException.class, () -> replay.replayEdited(Map.of("0123", new QuarantineReplay.Edit(
                "0123", "2,1,2.5,b".getBytes(StandardCharsets.UTF_8), "2,1,2.5,b")), "edits.jsonl", Progress.NONE));
        assertFalse(p.lake().table(SystemTables.QUARANTINE_RESOLUTIONS).exists(), "an unknown id writes nothing");

        QuarantineReplay.Outcome out = replay.replayEdited(Map.of(bad.id(), new QuarantineReplay.Edit(bad.id(),
                "2,1,2.5,b".getBytes(StandardCharsets.UTF_8), "2,1,2.5,b")), "edits.jsonl", Progress.NONE);
        assertEquals(1, out.landed());
        LakeTable sales = p.lake().table(Dataset.SALES.bronzePath());
        Object[] row = sales.readAll().stream().filter(r -> "b".equals(r[sales.schema().position("Brand")]))
                .findFirst().orElseThrow();
        assertEquals(2, ((Number) row[sales.schema().position("Quantity")]).intValue());
        assertEquals("landing/sales/s.csv", row[sales.schema().position("_source")]);
        assertEquals(3L, row[sales.schema().position("_source_offset")]);
        assertNull(row[sales.schema().position("_enqueued_time")]);
        Quarantine.Entry after = Quarantine.read(p.lake(), Quarantine.Filter.ALL).get(0);
        assertEquals("many,1,2.5,b", after.record().raw(), "the original stays");
        assertEquals(QuarantineResolution.EDITED, after.resolution().resolution());
        assertEquals("2,1,2.5,b", after.resolution().editedRaw());
        assertEquals(sales.version(), after.resolution().bronzeVersion());
        assertExact(p, 3);
        // the same edit, or another one, again: resolved once
        assertEquals(0, replay.replayEdited(Map.of(bad.id(), new QuarantineReplay.Edit(bad.id(),
                "9,1,2.5,b".getBytes(StandardCharsets.UTF_8), "9,1,2.5,b")), "edits.jsonl", Progress.NONE).landed());
        assertEquals(3, sales.readAll().size());
    }

    @Test
    void eventsSetAsideForUnusableMetadataAndFilteredSelectionsReplay() {
        Pipeline p = pipelines.open(dir.toString());
        p.bronze().quarantineUnkeyed("eventhub:tweets/?", List.of(tweet(1, "Oslo"), tweet(2, "Rome")),
                "no partition id");
        byte[] file = "Quantity,Advert,Price,Brand\nmany,1,2.5,b\n".getBytes(StandardCharsets.UTF_8);
        p.bronze().ingestFile(new LandedFile("sales/s.csv", "e1", file.length, () -> new ByteArrayInputStream(file)));
        QuarantineReplay replay = p.quarantineReplay(QuarantineReplay.DEFAULT_BATCH);
        QuarantineReplay.Outcome none = replay.replay(new Quarantine.Filter("churn", null, null, null), Progress.NONE);
        assertEquals(RunStatus.EMPTY, none.run().status());
        QuarantineReplay.Outcome out = replay.replay(new Quarantine.Filter(null, QuarantineRecord.Kind.METADATA, null,
                null), Progress.NONE);
        assertEquals(2, out.landed());
        assertEquals(Map.of("tweets", 2L), Map.of("tweets", out.byDataset().get("tweets")[0]));
        LakeTable tweets = p.lake().table(Dataset.TWEETS.bronzePath());
        List<Object[]> rows = tweets.readAll();
        assertEquals(2, rows.size());
        String runId = Quarantine.read(p.lake(), Quarantine.Filter.ALL).get(0).record().runId();
        assertTrue(rows.stream().allMatch(r -> ("eventhub:tweets/?#unkeyed-" + runId).equals(
                r[tweets.schema().position("_source")])), "an unkeyed batch's events keep their batch apart");
        assertEquals(1, Quarantine.read(p.lake(), Quarantine.Filter.ALL).stream().filter(e -> !e.resolved()).count(),
                "the sales record was not selected");
        assertExact(p, 3);
    }

    @Test
    void theOperatorsFiltersAreCheckedAndSelect() {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        assertEquals(Instant.parse("2026-12-07T00:00:00Z"), Quarantine.Filter.of(null, null, null, "2026-12-07", now).since());
        assertEquals(Instant.parse("2026-12-07T10:00:00Z"), Quarantine.Filter.of(null, null, null, "2h", now).since());
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"),
                Quarantine.Filter.of(null, null, null, "2026-12-01T09:00:00+01:00", now).since());
        assertEquals(QuarantineRecord.Kind.METADATA, Quarantine.Filter.of("Tweets", "metadata", null, null, now).kind());
        assertEquals("tweets", Quarantine.Filter.of("Tweets", null, null, null, now).dataset());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Quarantine.Filter.of("invoices", null, null, null,
                now)).getMessage().startsWith("unknown dataset 'invoices'; datasets: tweets, campaigns"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Quarantine.Filter.of(null, "bad", null, null,
                now)).getMessage().startsWith("unknown kind 'bad'"));
        for (String since : List.of("yesterday", "2026-13-01", "5w", "2026-12-07T08:00:00")) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Quarantine.Filter.of(null, null, null, since,
                    now)).getMessage().startsWith("cannot read '" + since + "' as a time"), since);
        }

        Pipeline p = landTweets();
        assertEquals(12, Quarantine.read(p.lake(), Quarantine.Filter.ALL).size());
        assertEquals(9, Quarantine.read(p.lake(), Quarantine.Filter.of("tweets", "expectation", "VALID_CITY", "1h",
                Instant.now())).size());
        assertEquals(3, Quarantine.read(p.lake(), Quarantine.Filter.of(null, "parse", null, null, now)).size());
        assertEquals(0, Quarantine.read(p.lake(), Quarantine.Filter.of(null, null, "no such reason", null, now)).size());
        assertEquals(0, Quarantine.read(p.lake(), Quarantine.Filter.of(null, null, null, "1m",
                Instant.now().plusSeconds(3600))).size());
    }

    @Test
    void anExportReadsBackAsEditsAndABrokenLineIsNamed() throws Exception {
        Pipeline p = landTweets();
        List<Quarantine.Entry> entries = Quarantine.read(p.lake(), Quarantine.Filter.ALL);
        StringWriter file = new StringWriter();
        assertEquals(12, QuarantineEdits.write(entries, file));
        assertEquals(12, file.toString().lines().count());
        Map<String, QuarantineReplay.Edit> edits = QuarantineEdits.read(new StringReader(file.toString()), "f.jsonl");
        assertEquals(entries.stream().map(Quarantine.Entry::id).toList(), List.copyOf(edits.keySet()));
        for (Quarantine.Entry e : entries) {
            assertEquals(new String(e.record().payloadBytes(), StandardCharsets.UTF_8),
                    new String(edits.get(e.id()).payload(), StandardCharsets.UTF_8));
        }
        String first = file.toString().lines().findFirst().orElseThrow();
        for (String[] bad : new String[][]{
                {first + "\n{\"id\": broken\n", "f.jsonl line 2: not JSON ("},
                {"[1]\n", "f.jsonl line 1: not a JSON object"},
                {"{\"id\":\"abc\",\"payload\":\"x\"}\n", "f.jsonl line 1: no \"id\" of 32 hex digits"},
                {"{\"id\":\"" + entries.get(0).id() + "\"}\n", "f.jsonl line 1: no \"payload\" text"},
                {first + "\n" + first + "\n", "f.jsonl line 2: id " + entries.get(0).id() + " is in the file twice"},
                {"{\"id\":\"" + entries.get(0).id() + "\",\"payload\":\"%%\",\"encoding\":\"base64\"}",
                        "f.jsonl line 1: the payload is not base64"},
                {"\n", "f.jsonl line 1: no record in the file"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> QuarantineEdits.read(new StringReader(bad[0]), "f.jsonl"), bad[0]);
            assertTrue(e.getMessage().startsWith(bad[1]), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }
}
