package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Expectation;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays, redeliveries, interleavings and scaled-out instances never duplicate or lose a record. */
class ExactlyOnceTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    static final int PARTITIONS = 4;
    static final int PER_PARTITION = 250;

    @TempDir
    Path dir;

    /** Event i of partition p; every 17th is quarantined (no city), every 23rd is garbage. */
    static byte[] body(int p, long seq) {
        String city = seq % 17 == 0 ? "null" : "\"City-" + p + "\"";
        String json = seq % 23 == 0 ? "{broken" : "{\"time\":\"2021-06-27T10:00:00Z\",\"hashtag\":\"#beach\",\"tweet\":\"t "
                + p + "-" + seq + "\",\"city\":" + city + ",\"retweetcount\":" + seq + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static EventBatch batch(int p, long from, long to) {
        List<EventBatch.Event> events = new ArrayList<>();
        for (long s = from; s < to; s++) {
            events.add(new EventBatch.Event(body(p, s), s, String.valueOf(s), Instant.parse("2021-06-27T12:00:00Z")));
        }
        return new EventBatch("ns", "tweets", "$Default", String.valueOf(p), events);
    }

    /** Every partition's stream cut into batches of random sizes, partitions interleaved at random. */
    static List<EventBatch> deliveries(long seed, int maxBatch) {
        Random rnd = new Random(seed);
        List<List<EventBatch>> perPartition = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<EventBatch> list = new ArrayList<>();
            long s = 0;
            while (s < PER_PARTITION) {
                long to = Math.min(PER_PARTITION, s + 1 + rnd.nextInt(maxBatch));
                list.add(batch(p, s, to));
                s = to;
            }
            perPartition.add(list);
        }
        List<EventBatch> out = new ArrayList<>();
        int[] next = new int[PARTITIONS];
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                if (next[p] < perPartition.get(p).size()) {
                    open.add(p);
                }
            }
            if (open.isEmpty()) {
                return out;
            }
            int p = open.get(rnd.nextInt(open.size()));
            out.add(perPartition.get(p).get(next[p]++));
        }
    }

    static long expectedBronze() {
        long n = 0;
        for (long s = 0; s < PER_PARTITION; s++) {
            if (s % 23 != 0 && s % 17 != 0) {
                n++;
            }
        }
        return n * PARTITIONS;
    }

    static List<String> keys(LakeTable t, int sourceCol, int offsetCol) {
        List<String> keys = new ArrayList<>();
        for (Object[] r : t.readAll()) {
            keys.add(r[sourceCol] + "#" + r[offsetCol]);
        }
        Collections.sort(keys);
        return keys;
    }

    static void assertExactlyOnce(Pipeline pipeline) {
        LakeTable bronze = pipeline.lake().table(Dataset.TWEETS.bronzePath());
        LakeTable quarantine = pipeline.lake().table(SystemTables.QUARANTINE);
        List<String> b = keys(bronze, 13, 14);
        List<String> q = keys(quarantine, 1, 2);
        assertEquals(expectedBronze(), b.size(), "bronze rows");
        assertEquals(new HashSet<>(b).size(), b.size(), "no bronze duplicates");
        assertEquals(new HashSet<>(q).size(), q.size(), "no quarantine duplicates");
        assertEquals((long) PARTITIONS * PER_PARTITION, b.size() + q.size(), "landed = bronze + quarantined");
        Set<String> overlap = new HashSet<>(b);
        overlap.retainAll(q);
        assertTrue(overlap.isEmpty(), "a record is in Bronze or in quarantine, never both");
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(PER_PARTITION - 1L,
                    bronze.txnVersion(batch(p, 0, 1).appId()).orElseThrow(), "txn of partition " + p);
        }
    }

    @Test
    void replayingEverythingInAnotherInterleavingAndBatchingChangesNothing() {
        Pipeline pipeline = pipelines.open(Settings.local(dir.toString()));
        for (EventBatch b : deliveries(1, 40)) {
            RunResult r = pipeline.ingestEvents(b);
            assertEquals(r.rowsIn(), r.rowsWritten() + r.rowsQuarantined() + r.rowsDuplicate());
        }
        assertExactlyOnce(pipeline);
        LakeTable bronze = pipeline.lake().table(Dataset.TWEETS.bronzePath());
        List<String> before = keys(bronze, 13, 14);
        long version = bronze.version();
        long quarantineVersion = pipeline.lake().table(SystemTables.QUARANTINE).version();
        // the host redelivers from an older checkpoint, with other batch boundaries, partitions interleaved otherwise
        for (EventBatch b : deliveries(2, 97)) {
            RunResult r = pipeline.ingestEvents(b);
            assertEquals(RunStatus.SKIPPED, r.status());
            assertEquals(r.rowsIn(), r.rowsDuplicate());
        }
        assertEquals(before, keys(bronze, 13, 14));
        assertEquals(version, bronze.version(), "no commit at all");
        assertEquals(quarantineVersion, pipeline.lake().table(SystemTables.QUARANTINE).version());
    }

    @Test
    void aBatchOverlappingACommittedRangeLandsOnlyItsNewEvents() {
        Pipeline pipeline = pipelines.open(Settings.local(dir.toString()));
        pipeline.ingestEvents(batch(0, 0, 100));
        RunResult overlap = pipeline.ingestEvents(batch(0, 50, 150));
        assertEquals(50, overlap.rowsDuplicate());
        assertEquals(50, overlap.rowsWritten() + overlap.rowsQuarantined());
        RunResult late = pipeline.ingestEvents(batch(0, 20, 60)); // an old batch arriving late
        assertEquals(RunStatus.SKIPPED, late.status());
        List<EventBatch.Event> shuffled = new ArrayList<>(batch(0, 150, 250).events());
        Collections.shuffle(shuffled, new Random(3)); // out of order inside a batch
        shuffled.add(shuffled.get(0)); // and one event twice
        RunResult r = pipeline.ingestEvents(new EventBatch("ns", "tweets", "$Default", "0", shuffled));
        assertEquals(1, r.rowsDuplicate());
        for (int p = 1; p < PARTITIONS; p++) {
            pipeline.ingestEvents(batch(p, 0, PER_PARTITION));
        }
        assertExactlyOnce(pipeline);
    }

    @Test
    void scaledOutInstancesAppendConcurrentlyExactlyOnce() throws Exception {
        Pipeline pipeline = pipelines.open(Settings.local(dir.toString()));
        List<EventBatch> all = deliveries(5, 30);
        List<RunResult> runs = Collections.synchronizedList(new ArrayList<>());
        // one instance per partition, plus a second instance that also got partition 0 during a rebalance
        ExecutorService pool = Executors.newFixedThreadPool(PARTITIONS + 1);
        List<Future<?>> futures = new ArrayList<>();
        for (int p = 0; p <= PARTITIONS; p++) {
            final String partition = String.valueOf(p == PARTITIONS ? 0 : p);
            futures.add(pool.submit(() -> {
                for (EventBatch b : all) {
                    if (b.partitionId().equals(partition)) {
                        RunResult r = pipeline.ingestEvents(b);
                        if (r.status() == RunStatus.FAILED) {
                            throw new AssertionError(r.toString());
                        }
                        // the losing side of a race counts what the winner committed as duplicates
                        if (r.rowsIn() != r.rowsWritten() + r.rowsQuarantined() + r.rowsDuplicate()) {
                            throw new AssertionError("unaccounted: " + r);
                        }
                        if (r.rowsWritten() + r.rowsQuarantined() == 0 && r.status() != RunStatus.SKIPPED) {
                            throw new AssertionError("wrote nothing but says " + r);
                        }
                        runs.add(r);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertExactlyOnce(pipeline);
        long landed = pipeline.lake().table(Dataset.TWEETS.bronzePath()).readAll().size()
                + pipeline.lake().table(SystemTables.QUARANTINE).readAll().size();
        assertEquals(landed, runs.stream().mapToLong(r -> r.rowsWritten() + r.rowsQuarantined()).sum(),
                "the runs' written + quarantined is what the lake holds");
    }

    @Test
    void reLandingEveryFileChangesNothing() {
        Pipeline pipeline = pipelines.open(Settings.local(dir.toString()));
        byte[] csv = "Quantity,Advert,Price,Brand\n1,0,2.5,a\n2,1,3.5,\nx,1,1,b\n".getBytes(StandardCharsets.UTF_8);
        LandedFile f = new LandedFile("sales/a.csv", "etag-1", csv.length, () -> new ByteArrayInputStream(csv));
        assertEquals(RunStatus.COMMITTED, pipeline.bronze().ingestFile(f).status());
        long v = pipeline.lake().table(Dataset.SALES.bronzePath()).version();
        long qv = pipeline.lake().table(SystemTables.QUARANTINE).version();
        assertEquals(RunStatus.SKIPPED, pipeline.bronze().ingestFile(f).status());
        assertEquals(v, pipeline.lake().table(Dataset.SALES.bronzePath()).version());
        assertEquals(qv, pipeline.lake().table(SystemTables.QUARANTINE).version());
        // the same name with new content (a new ETag) is new data
        byte[] csv2 = "Quantity,Advert,Price,Brand\n5,0,2.5,c\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(RunStatus.COMMITTED, pipeline.bronze().ingestFile(
                new LandedFile("sales/a.csv", "etag-2", csv2.length, () -> new ByteArrayInputStream(csv2))).status());
        assertEquals(2, pipeline.lake().table(Dataset.SALES.bronzePath()).readAll().size());
    }

    @Test
    void warnKeepsDropQuarantinesFailStopsTheBatch() {
        Pipeline base = pipelines.open(Settings.local(dir.toString()));
        BronzeIngest ingest = new BronzeIngest(base.lake(), base.eventLog(), Clock.systemUTC(), 1000, d -> d == Dataset.TWEETS
                ? List.of(new Expectation("long_enough", "length(tweet) >= 8", Expectation.Action.WARN,
                        r -> r[2] != null && ((String) r[2]).length() >= 8),
                new Expectation("valid_city", "city IS NOT NULL", Expectation.Action.DROP, r -> r[3] != null),
                new Expectation("no_spam", "tweet NOT LIKE '%spam%'", Expectation.Action.FAIL,
                        r -> r[2] == null || !((String) r[2]).contains("spam")))
                : d.expectations());
        RunResult ok = ingest.ingestEvents(batch(1, 1, 20)); // seq 17 has no city
        assertEquals(18, ok.rowsWritten());
        assertEquals(1, ok.rowsQuarantined());
        assertEquals(19, ok.expectationFailures("long_enough"), "warned and counted; kept unless another rule drops");
        assertEquals(1, ok.expectationFailures("valid_city"));
        LakeTable bronze = base.lake().table(Dataset.TWEETS.bronzePath());
        long version = bronze.version();
        List<EventBatch.Event> events = new ArrayList<>(batch(1, 20, 30).events());
        events.add(new EventBatch.Event("{\"tweet\":\"buy spam\",\"city\":\"X\"}".getBytes(StandardCharsets.UTF_8), 30,
                "30", null));
        RunResult failed = ingest.ingestEvents(new EventBatch("ns", "tweets", "$Default", "1", events));
        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("expectation no_spam"), failed.message());
        assertEquals(version, bronze.version(), "nothing of the failing batch committed");
        assertEquals(19L, bronze.txnVersion(batch(1, 0, 1).appId()).orElseThrow());
        List<Object[]> log = base.eventLog().latest(1);
        assertEquals("failed", log.get(0)[4]);
        assertTrue(((String) log.get(0)[11]).contains("\"no_spam\":{\"action\":\"fail\",\"failed\":1}"),
                (String) log.get(0)[11]);
    }
}
