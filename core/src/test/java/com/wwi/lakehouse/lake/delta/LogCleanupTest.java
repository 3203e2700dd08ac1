package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import io.delta.standalone.DeltaLog;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log retention: what Delta's settings say, what is deleted, and that the table reads the same afterwards. */
class LogCleanupTest {
    private static final long DAY = 24L * 3600 * 1000;

    @TempDir
    Path dir;

    @Test
    void readsDeltasRetentionSettings() {
        assertEquals(OptionalLong.of(30 * DAY), LogCleanup.retentionMs(Map.of()));
        assertEquals(OptionalLong.of(7 * DAY), LogCleanup.retentionMs(Map.of(LogCleanup.RETENTION, "interval 7 days")));
        assertEquals(OptionalLong.of(14 * DAY), LogCleanup.parseInterval("2 weeks"));
        assertEquals(OptionalLong.of(DAY + DAY / 2), LogCleanup.parseInterval("INTERVAL 1 day 12 hours"));
        assertEquals(OptionalLong.of(3600_000), LogCleanup.parseInterval("interval 1 hour"));
        assertEquals(OptionalLong.empty(), LogCleanup.parseInterval("interval 1 month"), "months are not a duration");
        assertEquals(OptionalLong.empty(), LogCleanup.parseInterval("thirty days"));
        assertEquals(OptionalLong.empty(), LogCleanup.parseInterval("interval"));
        assertEquals(OptionalLong.empty(), LogCleanup.retentionMs(Map.of(LogCleanup.RETENTION, "7 dayz")),
                "unreadable: nothing is deleted");
        assertEquals(OptionalLong.empty(), LogCleanup.retentionMs(Map.of(LogCleanup.ENABLED, "false")));
    }

    @Test
    void deletesOnlyBeforeTheNewestExpiredCheckpointAndTheTableReadsTheSame() throws Exception {
        TableSchema schema = TableSchema.of(Column.of("k", ColumnType.STRING), Column.of("v", ColumnType.LONG));
        DeltaLake lake = DeltaLake.open(dir.toString());
        LakeTable t = lake.table("bronze/t");
        t.createIfAbsent(new TableSpec("bronze.t", "retention test", schema, List.of(),
                Map.of("delta.checkpointInterval", "5")));
        for (int i = 1; i <= 23; i++) {
            t.append(List.<Object[]>of(new Object[]{"k" + i, (long) i}), List.of(new Txn("app", i)));
        }
        FastLog.awaitAllCheckpoints();
        Path log = dir.resolve("bronze/t/_delta_log");
        long now = System.currentTimeMillis();
        // versions 0 to 12 (checkpoints 5 and 10) are 40 days old, the rest (checkpoints 15 and 20) are new
        try (Stream<Path> files = Files.list(log)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.matches("\\d{20}\\..*") && Long.parseLong(name.substring(0, 20)) <= 12) {
                    Files.setLastModifiedTime(f, FileTime.fromMillis(now - 40 * DAY));
                }
            }
        }
        Files.writeString(log.resolve(".00000000000000000003.json.tmp"), "a temporary file: not ours to delete");
        Files.setLastModifiedTime(log.resolve(".00000000000000000003.json.tmp"), FileTime.fromMillis(now - 40 * DAY));
        List<Object[]> before = t.readAll();

        org.apache.hadoop.fs.Path logDir = new org.apache.hadoop.fs.Path(log.toUri());
        LogCleanup.Result r = LogCleanup.clean(logDir.getFileSystem(new Configuration()), logDir, now, 30 * DAY);

        assertEquals(10, r.fromCheckpoint());
        TreeSet<String> left = new TreeSet<>();
        try (Stream<Path> files = Files.list(log)) {
            files.forEach(f -> left.add(f.getFileName().toString()));
        }
        for (int v = 0; v < 10; v++) {
            assertTrue(!left.contains(String.format("%020d.json", v)), v + ".json deleted: " + left);
        }
        assertTrue(!left.contains(String.format("%020d.checkpoint.parquet", 5)), "the older checkpoint deleted");
        assertEquals(11, r.deleted(), "0..9.json and checkpoint 5");
        for (int v = 10; v <= 23; v++) {
            assertTrue(left.contains(String.format("%020d.json", v)), v + ".json kept");
        }
        assertTrue(left.contains(String.format("%020d.checkpoint.parquet", 10)), "the checkpoint the log starts at");
        assertTrue(left.contains("_last_checkpoint") && left.contains(".00000000000000000003.json.tmp"));

        // a new process (from the checkpoint), Delta Standalone (a listing) and Standalone's time travel agree
        LakeTable fresh = DeltaLake.open(dir.toString()).uncachedHandle("bronze/t");
        assertEquals(23, fresh.version());
        assertEquals(before.size(), fresh.readAll().size());
        assertEquals(23L, fresh.txnVersion("app").orElseThrow());
        DeltaLog standalone = DeltaLog.forTable(new Configuration(), dir.resolve("bronze/t").toString());
        assertEquals(23, standalone.update().getVersion());
        assertEquals(23, standalone.update().getAllFiles().size());
        assertEquals(10, standalone.getSnapshotForVersionAsOf(10).getAllFiles().size(), "time travel to the start");

        // nothing more is old enough: a second pass deletes nothing
        assertEquals(0, LogCleanup.clean(logDir.getFileSystem(new Configuration()), logDir, now, 30 * DAY).deleted());
    }
}
