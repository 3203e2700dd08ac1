package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.HistoryEntry;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.lake.VacuumResult;
import com.wwi.lakehouse.testing.AllTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeltaTableTest {
    static final TableSchema ALL_TYPES = AllTypes.SCHEMA;

    @TempDir
    Path dir;

    static Object[] row(long id) {
        return AllTypes.row(id);
    }

    static List<Object[]> rows(long from, long to) {
        return AllTypes.rows(from, to);
    }

    LakeTable newTable(String name, String... partitionBy) {
        DeltaLake lake = DeltaLake.open(dir.toString());
        LakeTable t = lake.table(name);
        t.createIfAbsent(TableSpec.of("test." + name, ALL_TYPES).partitionedBy(partitionBy));
        return t;
    }

    static List<Object[]> sorted(List<Object[]> rows) {
        List<Object[]> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparingLong(r -> (Long) r[0]));
        return copy;
    }

    static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
        assertEquals(expected.size(), actual.size(), "row count");
        List<Object[]> e = sorted(expected);
        List<Object[]> a = sorted(actual);
        for (int i = 0; i < e.size(); i++) {
            for (int c = 0; c < e.get(i).length; c++) {
                Object x = e.get(i)[c];
                Object y = a.get(i)[c];
                if (x instanceof byte[] bx) {
                    assertArrayEquals(bx, (byte[]) y);
                } else {
                    assertEquals(x, y, "row " + i + " column " + ALL_TYPES.column(c).name());
                }
            }
        }
    }

    @Test
    void appendThenReadRoundTripsEveryType() {
        LakeTable t = newTable("plain");
        List<Object[]> data = rows(0, 500);
        CommitResult r = t.append(data, List.of());
        assertTrue(r.committed());
        assertEquals(1, r.version());
        assertEquals(500, r.rowsWritten());
        assertRowsEqual(data, t.readAll());
        assertEquals(ALL_TYPES, t.schema());
    }

    @Test
    void partitionedTableKeepsPartitionValuesInTheLog() {
        LakeTable t = newTable("parted", "day");
        List<Object[]> data = rows(0, 100);
        CommitResult r = t.append(data, List.of());
        assertEquals(40, r.filesAdded().size(), "one file per day");
        DataFile f = r.filesAdded().get(0);
        assertTrue(f.path().startsWith("day=2021-01-01/"), f.path());
        assertEquals("2021-01-01", f.partitionValues().get("day"));
        assertRowsEqual(data, t.readAll());
    }

    @Test
    void statsCarryCountsMinMaxAndNulls() {
        LakeTable t = newTable("stats");
        CommitResult r = t.append(rows(0, 10), List.of());
        String stats = r.filesAdded().get(0).stats();
        assertTrue(stats.startsWith("{\"numRecords\":10,"), stats);
        assertTrue(stats.contains("\"minValues\":{\"id\":0,"), stats);
        assertTrue(stats.contains("\"maxValues\":{\"id\":9,"), stats);
        assertTrue(stats.contains("\"name\":2"), "two null names (0 and 7): " + stats);
        assertTrue(stats.contains("\"ts\":\"2021-06-27T10:15:30.123Z\""), "min timestamp rounded down: " + stats);
        assertTrue(stats.contains("\"ts\":\"2021-06-27T19:15:30.124Z\""), "max timestamp rounded up: " + stats);
        assertTrue(stats.contains("\"day\":\"2021-01-01\""), stats);
        assertFalse(stats.contains("\"b\":true"), "no min/max for booleans: " + stats);
        assertEquals(10, r.filesAdded().get(0).numRecords());
    }

    @Test
    void longStringsAreTruncatedAsBounds() {
        assertEquals("a".repeat(32), ColumnStats.truncate("a".repeat(40), false));
        String max = ColumnStats.truncate("a".repeat(40), true);
        assertTrue(ColumnStats.compareCodePoints(max, "a".repeat(40)) > 0);
        assertTrue(ColumnStats.compareCodePoints(max, "a".repeat(32) + "\uD83D\uDE00") > 0, "above a 4-byte char too");
    }

    @Test
    void sameTxnTwiceLandsOnce() throws IOException {
        LakeTable t = newTable("idem");
        CommitResult first = t.append(rows(0, 10), List.of(new Txn("hub/cg/0", 41)));
        CommitResult again = t.append(rows(0, 10), List.of(new Txn("hub/cg/0", 41)));
        CommitResult older = t.append(rows(0, 10), List.of(new Txn("hub/cg/0", 7)));
        assertTrue(first.committed());
        assertFalse(again.committed());
        assertFalse(older.committed());
        assertEquals(10, t.readAll().size());
        assertEquals(41L, t.txnVersion("hub/cg/0").orElseThrow());
        assertTrue(t.txnVersion("hub/cg/1").isEmpty());
        CommitResult next = t.append(rows(10, 20), List.of(new Txn("hub/cg/0", 42)));
        assertTrue(next.committed());
        assertEquals(20, t.readAll().size());
        assertEquals(2, parquetFiles("idem"), "skipped appends leave no files");
    }

    @Test
    void concurrentAppendsFromManyThreadsAllLand() throws Exception {
        LakeTable t = newTable("concurrent");
        int threads = 6;
        int perThread = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int th = 0; th < threads; th++) {
            final int id = th;
            futures.add(pool.submit(() -> {
                for (int k = 0; k < perThread; k++) {
                    long base = (id * perThread + k) * 10L;
                    // each thread is a partition; replay every batch once to prove idempotency under contention
                    for (int replay = 0; replay < 2; replay++) {
                        t.append(rows(base, base + 10), List.of(new Txn("hub/cg/" + id, k)));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        List<Object[]> all = t.readAll();
        assertEquals(threads * perThread * 10, all.size());
        Set<Long> ids = all.stream().map(r -> (Long) r[0]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(threads * perThread * 10, ids.size(), "no duplicates");
        assertEquals(threads * perThread, t.version(), "one commit per batch after the create");
        for (int th = 0; th < threads; th++) {
            assertEquals(perThread - 1L, t.txnVersion("hub/cg/" + th).orElseThrow());
        }
    }

    @Test
    void separateHandlesLikeSeparateProcessesNeverLoseACommit() throws Exception {
        DeltaLake lake = DeltaLake.open(dir.toString());
        lake.table("procs").createIfAbsent(TableSpec.of("test.procs", ALL_TYPES));
        int writers = 4;
        int commits = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            final int id = w;
            final DeltaTable handle = lake.uncachedHandle("procs"); // its own log store instance
            futures.add(pool.submit(() -> {
                for (int k = 0; k < commits; k++) {
                    long base = (id * commits + k) * 3L;
                    handle.append(rows(base, base + 3), List.of(new Txn("writer-" + id, k)));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        DeltaTable fresh = lake.uncachedHandle("procs");
        assertEquals(writers * commits, fresh.version());
        assertEquals(writers * commits * 3, fresh.readAll().size());
        for (int w = 0; w < writers; w++) {
            assertEquals(commits - 1L, fresh.txnVersion("writer-" + w).orElseThrow());
        }
    }

    @Test
    void aConditionalTxnFailsWhenAnotherWriterCommittedTheSameInput() {
        LakeTable t = newTable("cond");
        t.append(rows(0, 5), List.of(new Txn("p0", 4, Txn.NONE)));
        // a second instance planned from "nothing recorded" and now finds 4
        CommitConflictException e = assertThrows(CommitConflictException.class,
                () -> t.append(rows(0, 8), List.of(new Txn("p0", 7, Txn.NONE))));
        assertTrue(e.getMessage().contains("now at 4"), e.getMessage());
        assertTrue(t.append(rows(5, 8), List.of(new Txn("p0", 7, 4))).committed());
        assertEquals(8, t.readAll().size());
    }

    @Test
    void rewriteReplacesFilesAtomically() {
        LakeTable t = newTable("rewrite");
        t.append(rows(0, 10), List.of());
        t.append(rows(10, 20), List.of());
        List<DataFile> before = t.files();
        assertEquals(2, before.size());
        CommitResult r = t.rewrite(before, t.readAll(), false, List.of(), "OPTIMIZE");
        assertEquals(1, t.files().size());
        assertEquals(2, r.filesRemoved());
        assertFalse(t.files().get(0).dataChange());
        assertRowsEqual(rows(0, 20), t.readAll());
        assertEquals(2, t.filesAddedBetween(0, r.version(), true).size(), "compaction output is not a data change");
        assertEquals(3, t.filesAddedBetween(0, r.version(), false).size());
        HistoryEntry h = t.history(1).get(0);
        assertEquals("OPTIMIZE", h.operation(), "delta-spark's name for a compaction");
        assertEquals("[]", h.parameters().get("zOrderBy"));
    }

    @Test
    void aRewriteIsSeenByEveryReaderAndItsCheckpoint() throws IOException {
        LakeTable t = newTable("seen");
        for (int i = 0; i < 12; i++) {
            t.append(rows(i * 5, i * 5 + 5), List.of());
        }
        List<DataFile> before = t.files();
        t.rewrite(before, t.readAll(), false, List.of(), "OPTIMIZE");
        t.checkpoint();
        for (DataFile f : before) { // as a VACUUM with no retention would
            Files.delete(dir.resolve("seen").resolve(f.path()));
        }
        assertEquals(1, t.files().size(), "this handle");
        assertRowsEqual(rows(0, 60), t.readAll());
        LakeTable fresh = DeltaLake.open(dir.toString()).uncachedHandle("seen");
        assertEquals(1, fresh.files().size(), "a new handle, from the checkpoint");
        assertRowsEqual(rows(0, 60), fresh.readAll());
    }

    @Test
    void aSpecWithNullableColumnsAddedAtTheEndEvolvesTheTableAndOlderRowsReadNull() {
        LakeTable t = newTable("evolve");
        t.append(rows(0, 3), List.of(new Txn("a", 1)));
        TableSchema wider = ALL_TYPES.plus(Column.of("note",
                ColumnType.STRING));
        long v = DeltaLake.open(dir.toString()).uncachedHandle("evolve").createIfAbsent(TableSpec.of("test.evolve", wider));
        assertEquals(2, v, "one ADD COLUMNS commit");
        assertEquals("ADD COLUMNS", t.history(1).get(0).operation());
        assertEquals(wider.size(), t.schema().size(), "the handle that appended before sees the new schema");
        Object[] newRow = Arrays.copyOf(row(3), wider.size());
        newRow[wider.size() - 1] = "new";
        t.append(List.<Object[]>of(newRow), List.of(new Txn("a", 2)));
        List<Object[]> all = t.readAll();
        assertEquals(4, all.size());
        assertEquals(3, all.stream().filter(r -> r[wider.size() - 1] == null).count(), "older rows read null");
        assertEquals(2L, t.txnVersion("a").orElseThrow(), "txns survive the metadata change");
        assertEquals(v + 1, DeltaLake.open(dir.toString()).uncachedHandle("evolve")
                .createIfAbsent(TableSpec.of("test.evolve", wider)), "nothing more to add");
        LakeTable older = DeltaLake.open(dir.toString()).uncachedHandle("evolve");
        assertEquals(v + 1, older.createIfAbsent(TableSpec.of("test.evolve", ALL_TYPES)),
                "code that does not know the added column still writes to the table (as after Spark's ADD COLUMNS)");
        older.append(rows(10, 11), List.of(new Txn("b", 1)));
        assertEquals(5, older.readAll().size());
        assertEquals(4, older.readAll().stream().filter(r -> r[wider.size() - 1] == null).count(),
                "the narrower writer's row reads null in the added column");
        TableSchema changed = ALL_TYPES.plus(Column.of("note", ColumnType.LONG));
        LakeException typeChange = assertThrows(LakeException.class, () -> DeltaLake.open(dir.toString())
                .uncachedHandle("evolve").createIfAbsent(TableSpec.of("test.evolve", changed)));
        assertTrue(typeChange.getMessage().contains("exists with schema"), typeChange.getMessage());
    }

    @Test
    void rewriteOfAFileAlreadyRemovedFailsCleanly() throws IOException {
        LakeTable t = newTable("stale");
        t.append(rows(0, 10), List.of());
        List<DataFile> plan = t.files();
        t.rewrite(plan, t.readAll(), false, List.of(), "OPTIMIZE"); // someone else compacts first
        long filesBefore = parquetFiles("stale");
        long version = t.version();
        CommitConflictException e = assertThrows(CommitConflictException.class,
                () -> t.rewrite(plan, rows(0, 10), false, List.of(), "OPTIMIZE"));
        assertTrue(e.getMessage().contains("no longer in the table"), e.getMessage());
        assertEquals(version, t.version(), "nothing committed");
        assertEquals(filesBefore, parquetFiles("stale"), "the failed rewrite left no file behind");
    }

    @Test
    void rewriteConflictingWithAConcurrentRemoveFailsCleanly() throws IOException {
        DeltaLake lake = DeltaLake.open(dir.toString());
        LakeTable t = lake.table("race");
        t.createIfAbsent(TableSpec.of("test.race", ALL_TYPES));
        t.append(rows(0, 10), List.of());
        t.append(rows(10, 20), List.of());
        List<DataFile> plan = t.files();
        List<Object[]> survivors = new ArrayList<>();
        t.scan(List.of(plan.get(1)), survivors::add);
        DeltaTable first = (DeltaTable) t;
        DeltaTable second = lake.uncachedHandle("race"); // another process
        first.beforeRewriteCommit = () -> {
            // the concurrent writer removes one of the planned files while our transaction is open
            second.rewrite(List.of(plan.get(0)), List.of(), true, List.of(), "DELETE");
        };
        long filesBefore = parquetFiles("race");
        CommitConflictException e = assertThrows(CommitConflictException.class,
                () -> first.rewrite(plan, rows(0, 20), false, List.of(), "OPTIMIZE"));
        first.beforeRewriteCommit = null;
        assertTrue(e.getMessage().contains("concurrent"), e.getMessage());
        assertEquals(filesBefore, parquetFiles("race"), "the losing rewrite deleted its new file");
        assertEquals(10, survivors.size());
        assertRowsEqual(survivors, t.readAll());
    }

    @Test
    void rewriteSucceedsWhileOthersAppend() {
        DeltaLake lake = DeltaLake.open(dir.toString());
        LakeTable t = lake.table("busy");
        t.createIfAbsent(TableSpec.of("test.busy", ALL_TYPES));
        t.append(rows(0, 10), List.of());
        List<DataFile> plan = t.files();
        DeltaTable first = (DeltaTable) t;
        DeltaTable second = lake.uncachedHandle("busy");
        first.beforeRewriteCommit = () -> second.append(rows(10, 20), List.of(new Txn("x", 1)));
        first.rewrite(plan, rows(0, 10), false, List.of(), "OPTIMIZE");
        first.beforeRewriteCommit = null;
        assertRowsEqual(rows(0, 20), t.readAll());
    }

    long parquetFiles(String table) throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve(table))) {
            return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
        }
    }

    @Test
    void appendAfterCommitsOnlyOnceTheEarlierCommitCompletedAndNothingWhenItFailed() throws Exception {
        LakeTable t = newTable("gated");
        long v0 = t.version();
        long files0 = parquetFiles("gated");
        CompletableFuture<Object> first = new CompletableFuture<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<CommitResult> gated = pool.submit(() -> t.appendAfter(rows(0, 5), List.of(new Txn("g", 1)), first));
            Thread.sleep(300);
            assertFalse(gated.isDone(), "waits for the earlier commit");
            assertEquals(v0, t.version(), "nothing committed yet");
            assertEquals(files0 + 1, parquetFiles("gated"), "its file is written meanwhile");
            first.complete("done");
            CommitResult r = gated.get();
            assertTrue(r.committed());
            assertEquals(v0 + 1, t.version());
        } finally {
            pool.shutdown();
        }
        CompletableFuture<Object> failed = new CompletableFuture<>();
        failed.completeExceptionally(new LakeException("quarantine commit failed"));
        LakeException e = assertThrows(LakeException.class,
                () -> t.appendAfter(rows(5, 10), List.of(new Txn("g", 2)), failed));
        assertEquals("quarantine commit failed", e.getMessage());
        assertEquals(v0 + 1, t.version(), "not committed");
        assertEquals(files0 + 1, parquetFiles("gated"), "its file deleted");
        assertEquals(1L, t.txnVersion("g").orElseThrow());
        assertRowsEqual(rows(0, 5), t.readAll());
    }

    @Test
    void checkpointIsWrittenAtVersionTenAndTheTableReadsBackFromIt() throws IOException {
        DeltaLake lake = DeltaLake.open(dir.toString());
        LakeTable t = lake.table("ckpt");
        t.createIfAbsent(TableSpec.of("test.ckpt", ALL_TYPES));
        assertEquals(-1, t.lastCheckpointVersion());
        for (int i = 0; i < 12; i++) {
            t.append(rows(i * 5L, i * 5L + 5), List.of(new Txn("app", i)));
        }
        assertEquals(12, t.version());
        ((DeltaTable) t).awaitCheckpoint();
        assertEquals(10, t.lastCheckpointVersion());
        Path log = dir.resolve("ckpt/_delta_log");
        assertTrue(Files.exists(log.resolve("00000000000000000010.checkpoint.parquet")), "checkpoint at 10");
        assertTrue(Files.readString(log.resolve("_last_checkpoint")).contains("\"version\":10"));
        // prove the checkpoint is what a reader uses: drop the commits it replaces
        for (int v = 0; v <= 10; v++) {
            Files.delete(log.resolve(String.format("%020d.json", v)));
        }
        DeltaTable fresh = lake.uncachedHandle("ckpt");
        assertEquals(12, fresh.version());
        assertRowsEqual(rows(0, 60), fresh.readAll());
        assertEquals(11L, fresh.txnVersion("app").orElseThrow());
        assertEquals(ALL_TYPES, fresh.schema());
        fresh.checkpoint();
        assertEquals(12, fresh.lastCheckpointVersion());
    }

    List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void vacuumDeletesOnlyUnreferencedFilesOlderThanTheCutoffAndKeepsTimeTravelWithinIt() throws IOException {
        LakeTable t = newTable("vac", "b");
        t.append(rows(0, 10), List.of());
        t.append(rows(10, 20), List.of());
        long beforeCompaction = t.version();
        List<DataFile> removed = t.files();
        assertEquals(4, removed.size(), "two commits, two partitions");
        t.rewrite(removed, t.readAll(), false, List.of(), "OPTIMIZE");
        Path table = dir.resolve("vac");
        FileTime eightDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(8)));
        // every data file was written long ago: the live ones and the ones the compaction just removed
        for (String f : listing(table)) {
            if (!f.startsWith("_delta_log")) {
                Files.setLastModifiedTime(table.resolve(f), eightDaysAgo);
            }
        }
        // an orphan of a failed commit written long ago, and one of a commit still in flight
        Path live = table.resolve(t.files().get(0).path());
        Path oldOrphan = table.resolve("b=true/part-99999-old-orphan.c000.snappy.parquet");
        Path newOrphan = table.resolve("b=false/part-99999-new-orphan.c000.snappy.parquet");
        Files.copy(live, oldOrphan);
        Files.copy(live, newOrphan);
        Files.setLastModifiedTime(oldOrphan, eightDaysAgo);
        Files.writeString(table.resolve("_SUCCESS"), "");
        List<String> log = listing(table.resolve("_delta_log"));

        VacuumResult r = t.vacuum(Instant.now().minus(Duration.ofDays(7)));
        assertEquals(List.of("b=true/part-99999-old-orphan.c000.snappy.parquet"), r.deleted());
        assertEquals(Files.size(live), r.bytesFreed());
        assertEquals(removed.size() + 1, r.kept(), "the recently removed files and the new orphan stay");
        assertTrue(Files.exists(newOrphan) && Files.exists(table.resolve("_SUCCESS")));
        assertRowsEqual(rows(0, 20), t.readAll());
        List<Object[]> timeTravel = new ArrayList<>();
        t.scan(t.filesAt(beforeCompaction), timeTravel::add);
        assertRowsEqual(rows(0, 20), timeTravel);

        // once the removal is older than the cutoff, the removed files go too; the live ones never do
        VacuumResult later = t.vacuum(Instant.now().plus(Duration.ofDays(1)));
        assertEquals(removed.size() + 1, later.filesDeleted(), later.deleted().toString());
        assertTrue(later.deleted().contains("b=false/part-99999-new-orphan.c000.snappy.parquet"));
        assertRowsEqual(rows(0, 20), t.readAll());
        assertEquals(log, listing(table.resolve("_delta_log")), "the log is never touched");
        assertThrows(LakeException.class, () -> t.scan(t.filesAt(beforeCompaction), row -> { }),
                "time travel past the retention fails: its files are gone");
        assertEquals(0, t.vacuum(Instant.now().plus(Duration.ofDays(1))).filesDeleted(), "nothing left to delete");
    }

    @Test
    void createIfAbsentIsIdempotentAndRejectsAnotherSchema() {
        LakeTable t = newTable("twice");
        assertEquals(0, t.createIfAbsent(TableSpec.of("test.twice", ALL_TYPES)));
        LakeException e = assertThrows(LakeException.class, () -> t.createIfAbsent(
                TableSpec.of("test.twice", TableSchema.of(Column.of("other", ColumnType.STRING)))));
        assertTrue(e.getMessage().contains("exists with schema"), e.getMessage());
    }

    @Test
    void badRowsAreRejectedBeforeAnythingIsWritten() {
        LakeTable t = newTable("bad");
        Object[] wrong = row(1);
        wrong[2] = "not an int";
        LakeException e = assertThrows(LakeException.class, () -> t.append(List.of(row(0), wrong), List.of()));
        assertTrue(e.getMessage().contains("column n"), e.getMessage());
        assertEquals(0, t.version());
        assertEquals(0, t.readAll().size());
    }

    @Test
    void filesAddedBetweenListsEachCommitsFiles() {
        LakeTable t = newTable("changes");
        for (int i = 0; i < 4; i++) {
            t.append(rows(i * 10L, i * 10L + 10), List.of());
        }
        assertEquals(4, t.filesAddedBetween(0, 4, true).size());
        assertEquals(2, t.filesAddedBetween(2, 4, true).size());
        assertEquals(1, t.filesAddedBetween(2, 3, true).size());
        assertEquals(0, t.filesAddedBetween(4, 10, true).size());
        List<Object[]> got = new ArrayList<>();
        t.scan(t.filesAddedBetween(2, 4, true), got::add);
        assertRowsEqual(rows(20, 40), got);
        assertEquals(5, t.history(100).size());
        assertEquals("WRITE", t.history(100).get(0).operation());
        assertEquals("CREATE TABLE", t.history(100).get(4).operation());
        assertTrue(Arrays.asList(DeltaLake.open(dir.toString()).listTables().toArray()).contains("changes"));
        assertEquals(Map.of(), t.files().get(0).partitionValues());
    }
}
