package com.wwi.lakehouse.maintenance;

import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.HistoryEntry;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.lake.delta.ConcurrentWriters;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.silver.SilverStage;
import com.wwi.lakehouse.testing.AllTypes;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maintenance on real Delta tables: compaction never changes the rows (as a multiset) nor the recorded txns, cuts
 * the file count, is skipped without damage when it loses a race; VACUUM deletes only unreferenced files older than
 * the retention; checkpoints follow; every table gets an event log row and a failing table stops no other.
 */
class TableMaintenanceTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    /** A lake whose files hold at most 100 rows, so that compaction's output is split. */
    Pipeline open() {
        return pipelines.open(new Settings(dir.toString(), null, "default", 250_000, 100));
    }

    static LakeTable table(Pipeline p, String path, String... partitionBy) {
        LakeTable t = p.lake().table(path);
        t.createIfAbsent(TableSpec.of(path.replace('/', '.'), AllTypes.SCHEMA).partitionedBy(partitionBy));
        return t;
    }

    /** The rows as a sorted list of their texts: equal lists are equal multisets. */
    static List<String> multiset(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(Arrays.deepToString(r));
        }
        out.sort(String::compareTo);
        return out;
    }

    static TableReport reportOf(List<TableReport> reports, String table) {
        return reports.stream().filter(r -> r.table().equals(table)).findFirst().orElseThrow(
                () -> new AssertionError("no report for " + table + " in " + reports));
    }

    /** Parquet files on disk under a table folder that no commit ever added (a compaction left them behind). */
    static Set<String> strayFiles(Path table, LakeTable t) throws IOException {
        Set<String> added = new HashSet<>();
        for (LakeTable.Commit c : t.commitsBetween(-1, t.version())) {
            c.added().forEach(f -> added.add(f.path()));
        }
        Set<String> stray = new HashSet<>();
        try (Stream<Path> s = Files.walk(table)) {
            s.filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))
                    .map(f -> table.relativize(f).toString()).filter(f -> !added.contains(f)).forEach(stray::add);
        }
        return stray;
    }

    @Test
    void compactsManySmallFilesIntoFewWithTheSameRowsAndTxns() {
        Pipeline p = open();
        LakeTable t = table(p, "bronze/things");
        for (int i = 0; i < 30; i++) {
            t.append(AllTypes.rows(i * 7L, i * 7L + 7), List.of(new Txn("eventhub/ns/hub/cg/0", i)));
        }
        LakeTable few = table(p, "bronze/few");
        for (int i = 0; i < 7; i++) {
            few.append(AllTypes.rows(i, i + 1), List.of());
        }
        List<String> rowsBefore = multiset(t.readAll());
        long versionBefore = t.version();
        long fewVersion = few.version();

        List<TableReport> reports = p.maintenance().run();
        TableReport r = reportOf(reports, "bronze/things");
        assertEquals(RunStatus.COMMITTED, r.run().status(), r.run().toString());
        assertEquals(30, r.filesBefore());
        assertEquals(3, r.filesAfter(), "210 rows at most 100 per file: 3 files");
        assertEquals(30, r.filesCompacted());
        assertEquals(3, r.filesWritten());
        assertEquals(3, t.files().size());
        assertEquals(rowsBefore, multiset(t.readAll()), "compaction never changes the rows");
        assertEquals(29L, t.txnVersion("eventhub/ns/hub/cg/0").orElseThrow(), "txns are kept");
        assertEquals(versionBefore + 1, t.version(), "one commit");
        assertTrue(t.files().stream().noneMatch(DataFile::dataChange), "compaction output is no data change");
        assertEquals(List.of(), t.filesAddedBetween(versionBefore, t.version(), true), "readers of changes skip it");
        HistoryEntry h = t.history(1).get(0);
        assertEquals(Compaction.OPERATION, h.operation());
        assertEquals(t.version(), r.checkpointVersion(), "a checkpoint of the compacted snapshot");
        assertEquals(t.version(), t.lastCheckpointVersion());

        TableReport untouched = reportOf(reports, "bronze/few");
        assertEquals(RunStatus.SKIPPED, untouched.run().status(), "7 small files are below the threshold of 8");
        assertTrue(untouched.run().message().contains("not declared in the pipeline graph"), untouched.run().message());
        TableReport declared = reportOf(reports, "_system/event_log");
        assertTrue(!declared.run().message().contains("not declared"), declared.run().message());
        assertEquals(fewVersion, few.version());
        assertEquals(7, few.files().size());

        // the event log has one row per table
        List<Object[]> log = p.eventLog().latest(100).stream().filter(row -> "maintenance".equals(row[1])).toList();
        assertEquals(reports.size(), log.size());
        Object[] row = log.stream().filter(x -> "bronze/things".equals(x[2])).findFirst().orElseThrow();
        assertEquals("committed", row[4]);
        assertEquals(210L, row[7]);
        assertEquals(t.version(), row[12]);
        assertTrue(((String) row[13]).contains("files 30 -> 3; compacted 30 small files into 3"), (String) row[13]);

        // a second run finds nothing to do: the full files are not small, one small file is not enough
        TableReport again = reportOf(p.maintenance().run(), "bronze/things");
        assertEquals(RunStatus.SKIPPED, again.run().status(), again.run().toString());
        assertEquals(t.version(), again.run().tableVersion());
        assertEquals(3, again.filesAfter());
    }

    @Test
    void compactsEachPartitionOnItsOwn() {
        Pipeline p = open();
        LakeTable t = table(p, "gold/by_flag", "b");
        for (int i = 0; i < 20; i++) {
            t.append(AllTypes.rows(i * 4L, i * 4L + 4), List.of()); // two rows in each partition
        }
        assertEquals(40, t.files().size());
        List<String> before = multiset(t.readAll());

        TableReport r = reportOf(p.maintenance().run(), "gold/by_flag");
        assertEquals(RunStatus.COMMITTED, r.run().status(), r.run().toString());
        assertEquals(2, t.files().size(), "one file per partition");
        Set<String> flags = new HashSet<>();
        for (DataFile f : t.files()) {
            flags.add(f.partitionValues().get("b"));
            List<Object[]> held = new ArrayList<>();
            t.scan(List.of(f), held::add);
            assertTrue(held.stream().allMatch(x -> x[5].toString().equals(f.partitionValues().get("b"))),
                    "a compacted file holds only its partition's rows");
        }
        assertEquals(Set.of("true", "false"), flags);
        assertEquals(before, multiset(t.readAll()));
    }

    @Test
    void aPassCompactsNoMoreThanItsBudgetAndPassesGoOnWhileTheTimeAllows() {
        Pipeline p = open();
        LakeTable t = table(p, "bronze/busy");
        for (int i = 0; i < 30; i++) {
            t.append(AllTypes.rows(i, i + 1), List.of());
        }
        List<String> before = multiset(t.readAll());
        // no time for a second pass: one pass of the budget, the next run goes on
        MaintenanceOptions hurried = MaintenanceOptions.defaults(100).withCompaction(8L << 20, 8, 10, 32L << 20)
                .withTimeBudget(Duration.ofNanos(1));
        TableReport first = new TableMaintenance(p.lake(), p.eventLog(), Clock.systemUTC(), hurried)
                .maintain("bronze/busy");
        assertEquals(10, first.filesCompacted());
        assertEquals(21, t.files().size());
        // with time: pass after pass of 10 files (the oldest first), until fewer than 8 small files are left: the
        // 20 files not compacted yet become 2, beside the first run's one
        MaintenanceOptions small = MaintenanceOptions.defaults(100).withCompaction(8L << 20, 8, 10, 32L << 20);
        TableReport second = reportOf(p.maintenance(small).run(), "bronze/busy");
        assertEquals(20, second.filesCompacted(), second.run().message());
        assertEquals(3, t.files().size());
        assertEquals(before, multiset(t.readAll()));
    }

    static final String[] HASHTAGS = {"#gogreen", "#beach", "#fashion", "#summer"};
    static final String[] CITIES = {"Seattle", "Paris", "Lima"};

    /** Silver rows (already scored) for ids from {@code first}, over three dates. */
    static List<Object[]> tweets(long first, int n) {
        List<Object[]> out = new ArrayList<>();
        for (long id = first; id < first + n; id++) {
            Object[] r = new Object[SilverStage.SCHEMA.size()];
            LocalDate date = LocalDate.of(2021, 6, 27).plusDays(id % 3);
            r[0] = date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(id);
            r[1] = HASHTAGS[(int) (id % HASHTAGS.length)];
            r[2] = "tweet " + id;
            r[3] = CITIES[(int) (id % CITIES.length)];
            r[5] = (int) (id % 5);
            r[12] = date;
            r[13] = id % 2 == 0 ? "Positive" : "Negative";
            r[14] = (id % 10) / 10.0;
            r[15] = "test";
            r[16] = "test";
            r[17] = id;
            out.add(r);
        }
        return out;
    }

    @Test
    void goldStaysCorrectWhenItsInputAndItselfAreCompacted() {
        Pipeline p = open();
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LakeTable gold = p.lake().table("gold/twitter_historical_data");
        // compact as soon as a partition has two small files, so every table is compacted between refreshes
        MaintenanceOptions eager = MaintenanceOptions.defaults(100).withCompaction(8L << 20, 2, 500, 32L << 20);
        long next = 0;
        int silverCompactions = 0;
        int goldCompactions = 0;
        for (int round = 0; round < 3; round++) {
            for (int batch = 0; batch < 6; batch++) {
                silver.append(tweets(next, 7), List.of());
                next += 7;
            }
            // Silver is compacted before the refresh consumed its new files
            List<TableReport> reports = p.maintenance(eager).run();
            reports.forEach(r -> assertFalse(r.failed(), r.run().toString()));
            silverCompactions += reportOf(reports, SilverStage.TABLE).filesCompacted() > 0 ? 1 : 0;
            for (RunResult r : p.gold().run()) {
                assertFalse(r.status() == RunStatus.FAILED, r.toString());
            }
            // then Gold itself, once it has been refreshed more than once
            reports = p.maintenance(eager).run();
            reports.forEach(r -> assertFalse(r.failed(), r.run().toString()));
            // (the partitioned Gold table is compacted by its refresh already: auto compaction)
            goldCompactions += reports.stream().filter(r -> r.table().startsWith("gold/") && r.filesCompacted() > 0)
                    .count();
            for (GoldVerify.Result v : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
                assertEquals("ok", v.status(), "round " + round + ": " + v);
            }
            assertEquals(multiset(silver.readAll()), multiset(gold.readAll()),
                    "round " + round + ": every Silver row in Gold exactly once");
        }
        assertEquals(3, silverCompactions);
        goldCompactions += (int) gold.history(100).stream().filter(h -> h.operation().equals("OPTIMIZE")).count();
        assertTrue(goldCompactions >= 2, goldCompactions + " Gold compactions");
        assertEquals(3 * 6 * 7, gold.readAll().size());
    }

    @Test
    void aCompactionThatLosesARaceIsSkippedWithoutDamage() throws IOException {
        Pipeline p = open();
        DeltaLake lake = (DeltaLake) p.lake();
        LakeTable t = table(p, "gold/counts");
        for (int i = 0; i < 10; i++) {
            t.append(AllTypes.rows(i * 3L, i * 3L + 3), List.of(new Txn("gold/gold/counts", i)));
        }
        LakeTable other = ConcurrentWriters.otherProcess(lake, "gold/counts");
        List<Object[]> merged = new ArrayList<>();
        // a MERGE in another process rewrites one of the planned files while the compaction's transaction is open
        ConcurrentWriters.beforeRewriteCommit(t, () -> {
            DataFile victim = other.files().get(0);
            List<Object[]> held = new ArrayList<>();
            other.scan(List.of(victim), held::add);
            for (Object[] r : held) {
                Object[] changed = r.clone();
                changed[2] = (Integer) r[2] + 1000;
                merged.add(changed);
            }
            other.rewrite(List.of(victim), merged, true, List.of(new Txn("gold/gold/counts", 10, 9)), "MERGE");
        });
        List<TableReport> reports;
        try {
            reports = p.maintenance().run();
        } finally {
            ConcurrentWriters.beforeRewriteCommit(t, null);
        }
        TableReport r = reportOf(reports, "gold/counts");
        assertEquals(RunStatus.SKIPPED, r.run().status(), r.run().toString());
        assertTrue(r.run().message().contains("lost a race"), r.run().message());
        assertFalse(r.failed());
        assertEquals(0, r.filesCompacted());
        assertEquals(3, merged.size(), "the MERGE ran");

        List<Object[]> expected = new ArrayList<>(AllTypes.rows(0, 30));
        expected.removeIf(x -> merged.stream().anyMatch(m -> m[0].equals(x[0])));
        expected.addAll(merged);
        assertEquals(multiset(expected), multiset(t.readAll()), "exactly what the MERGE made of the table");
        assertEquals(10L, t.txnVersion("gold/gold/counts").orElseThrow());
        assertEquals(Set.of(), strayFiles(dir.resolve("gold/counts"), t), "the losing compaction left no file");

        // the next run compacts what is there now
        TableReport next = reportOf(p.maintenance().run(), "gold/counts");
        assertEquals(RunStatus.COMMITTED, next.run().status(), next.run().toString());
        assertEquals(multiset(expected), multiset(t.readAll()));
    }

    @Test
    void vacuumDeletesOnlyUnreferencedFilesOlderThanTheRetention() throws IOException {
        Pipeline p = open();
        LakeTable t = table(p, "silver/things");
        for (int i = 0; i < 10; i++) {
            t.append(AllTypes.rows(i * 5L, i * 5L + 5), List.of());
        }
        long beforeCompaction = t.version();
        List<DataFile> original = t.files();
        Path folder = dir.resolve("silver/things");
        FileTime eightDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(8)));
        for (DataFile f : original) {
            Files.setLastModifiedTime(folder.resolve(f.path()), eightDaysAgo);
        }
        Path oldOrphan = folder.resolve("part-00000-old-orphan.c000.snappy.parquet");
        Path newOrphan = folder.resolve("part-00000-new-orphan.c000.snappy.parquet");
        Files.copy(folder.resolve(original.get(0).path()), oldOrphan);
        Files.copy(folder.resolve(original.get(0).path()), newOrphan);
        Files.setLastModifiedTime(oldOrphan, eightDaysAgo);
        long orphanSize = Files.size(oldOrphan);

        // the compaction removes the ten files, written eight days ago, just now: they stay for time travel
        TableReport first = reportOf(p.maintenance().run(), "silver/things");
        assertEquals(10, first.filesCompacted());
        assertEquals(1, first.filesVacuumed(), "only the old orphan");
        assertEquals(orphanSize, first.bytesVacuumed());
        assertFalse(Files.exists(oldOrphan));
        assertTrue(Files.exists(newOrphan), "a file of a commit in flight is younger than the retention");
        List<Object[]> timeTravel = new ArrayList<>();
        t.scan(t.filesAt(beforeCompaction), timeTravel::add);
        assertEquals(multiset(AllTypes.rows(0, 50)), multiset(timeTravel), "time travel before the compaction");
        assertTrue(first.run().message().contains("vacuumed 1 files, " + orphanSize + " bytes"), first.run().message());

        // eight days later the removal is past the retention: the removed files and the orphan go
        long removedBytes = original.stream().mapToLong(DataFile::sizeBytes).sum() + Files.size(newOrphan);
        TableMaintenance later = new TableMaintenance(p.lake(), p.eventLog(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(8)), MaintenanceOptions.defaults(100));
        TableReport second = later.maintain("silver/things");
        assertEquals(11, second.filesVacuumed());
        assertEquals(removedBytes, second.bytesVacuumed());
        assertEquals(multiset(AllTypes.rows(0, 50)), multiset(t.readAll()), "the current snapshot is whole");
        assertThrows(LakeException.class, () -> t.scan(t.filesAt(beforeCompaction), x -> { }));
        assertTrue(Files.exists(folder.resolve("_delta_log/00000000000000000000.json")), "the log is never vacuumed");
    }

    @Test
    void aRetentionBelowAnHourIsRefusedUnlessForced() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaintenanceOptions.defaults(100).withRetention(Duration.ofMinutes(30), false));
        assertTrue(e.getMessage().contains("0.5 hours is below the minimum of 1 hour"), e.getMessage());
        assertEquals(Duration.ZERO, MaintenanceOptions.defaults(100).withRetention(Duration.ZERO, true).retention());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of(Settings.LAKE, dir.toString(), Settings.VACUUM_RETENTION_HOURS, "0.5")));
        assertTrue(s.getMessage().contains("LAKEHOUSE_VACUUM_RETENTION_HOURS must be at least 1"), s.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of(Settings.LAKE, dir.toString(), Settings.VACUUM_RETENTION_HOURS, "week")));
        assertEquals(Duration.ofHours(36), Settings.from(Map.of(Settings.LAKE, dir.toString(),
                Settings.VACUUM_RETENTION_HOURS, "36", "LAKEHOUSE_MAINTENANCE_SCHEDULE", "0 30 * * * *")).vacuumRetention());
    }

    @Test
    void aCheckpointIsWrittenWhenTheLogIsTenCommitsPastTheLastOne() {
        Pipeline p = open();
        LakeTable t = p.lake().table("bronze/sparse");
        t.createIfAbsent(TableSpec.of("bronze.sparse", AllTypes.SCHEMA)
                .withProperties(Map.of("delta.checkpointInterval", "1000")));
        for (int i = 0; i < 12; i++) {
            t.append(AllTypes.rows(i, i + 1), List.of());
        }
        assertEquals(-1, t.lastCheckpointVersion());
        MaintenanceOptions noCompaction = MaintenanceOptions.defaults(100).withCompaction(8L << 20, 100, 500, 32L << 20);
        TableReport r = reportOf(p.maintenance(noCompaction).run(), "bronze/sparse");
        assertEquals(12, r.checkpointVersion());
        assertEquals(12, t.lastCheckpointVersion());
        t.append(AllTypes.rows(12, 13), List.of());
        assertEquals(-1, reportOf(p.maintenance(noCompaction).run(), "bronze/sparse").checkpointVersion(),
                "one commit past the checkpoint is cheap to replay");
    }

    @Test
    void aFailingTableStopsNoOther() throws IOException {
        Pipeline p = open();
        LakeTable broken = table(p, "bronze/a_broken");
        LakeTable fine = table(p, "bronze/b_fine");
        for (int i = 0; i < 10; i++) {
            broken.append(AllTypes.rows(i, i + 1), List.of());
            fine.append(AllTypes.rows(i, i + 1), List.of());
        }
        Files.delete(dir.resolve("bronze/a_broken").resolve(broken.files().get(0).path())); // a referenced file lost
        List<TableReport> reports = p.maintenance().run();
        TableReport a = reportOf(reports, "bronze/a_broken");
        assertTrue(a.failed(), a.run().toString());
        assertTrue(a.run().message().startsWith("compaction failed"), a.run().message());
        assertEquals(10, broken.files().size(), "nothing committed");
        TableReport b = reportOf(reports, "bronze/b_fine");
        assertEquals(RunStatus.COMMITTED, b.run().status(), b.run().toString());
        assertEquals(1, fine.files().size());
    }

    @Test
    void aRunStartsNoTableAfterItsTimeBudget() {
        Pipeline p = open();
        table(p, "bronze/one");
        table(p, "bronze/two");
        // a clock that moves a minute each time it is read
        Clock stepping = new Clock() {
            private Instant now = Instant.parse("2024-01-01T00:00:00Z");

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public synchronized Instant instant() {
                now = now.plusSeconds(60);
                return now;
            }
        };
        TableMaintenance m = new TableMaintenance(p.lake(), p.eventLog(), stepping,
                MaintenanceOptions.defaults(100).withTimeBudget(Duration.ofMinutes(3)));
        List<TableReport> reports = m.run();
        assertTrue(reports.size() < p.lake().listTables().size(), reports.size() + " tables in the budget");
        assertEquals("_system/event_log", reports.get(0).table(), "tables in path order");
    }
}
