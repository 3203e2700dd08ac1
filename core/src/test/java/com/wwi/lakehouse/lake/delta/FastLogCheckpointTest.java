package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Snapshot;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table opened afresh reads its state from the last checkpoint and the commits after it, not from a Standalone
 * snapshot (which lists the whole log), and that state is the snapshot's: files with their partition values and
 * statistics, txns, schema, partitioning, properties, version.
 */
class FastLogCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aFreshOpenReadsTheCheckpointAndAgreesWithTheSnapshot() {
        TableSchema schema = TableSchema.of(Column.of("k", ColumnType.STRING), Column.of("p", ColumnType.STRING),
                Column.of("v", ColumnType.LONG));
        DeltaLake lake = DeltaLake.open(dir.toString());
        LakeTable t = lake.table("gold/t");
        t.createIfAbsent(new TableSpec("gold.t", "checkpoint test", schema, List.of("p"),
                Map.of("delta.checkpointInterval", "10", "wwi.layer", "gold")));
        for (int i = 0; i < 24; i++) {
            t.append(List.of(new Object[]{"k" + i, "p" + (i % 3), (long) i}, new Object[]{"x" + i, "p0", null}),
                    List.of(new Txn("app-" + (i % 4), i)));
        }
        List<DataFile> some = t.files().subList(0, 5);
        t.rewrite(some, rowsOf(t, some), false, List.of(), "OPTIMIZE"); // removes: tombstones in the checkpoint
        t.checkpoint();
        for (int i = 24; i < 27; i++) { // commits after the checkpoint
            t.append(List.<Object[]>of(new Object[]{"k" + i, "p1", (long) i}), List.of(new Txn("app-" + (i % 4), i)));
        }

        long before = FastLog.FROM_CHECKPOINT.get();
        LakeTable fresh = DeltaLake.open(dir.toString()).uncachedHandle("gold/t"); // as a new process opens it
        assertEquals(t.version(), fresh.version());
        assertTrue(FastLog.FROM_CHECKPOINT.get() > before, "the fresh view was built from the checkpoint");

        Snapshot s = DeltaLog.forTable(new Configuration(), dir.resolve("gold/t").toString()).update();
        assertEquals(s.getVersion(), fresh.version());
        assertEquals(s.getAllFiles().size(), fresh.files().size());
        Map<String, String> expected = new TreeMap<>();
        s.getAllFiles().forEach(a -> expected.put(name(a.getPath()), a.getPartitionValues() + " " + a.getSize() + " "
                + DeltaTable.numRecords(a.getStats())));
        Map<String, String> actual = new TreeMap<>();
        fresh.files().forEach(f -> actual.put(name(f.path()), f.partitionValues() + " " + f.sizeBytes() + " "
                + f.numRecords()));
        assertEquals(expected, actual, "the same files, partition values, sizes and row counts");
        for (int a = 0; a < 4; a++) {
            assertEquals(t.txnVersion("app-" + a), fresh.txnVersion("app-" + a));
        }
        assertEquals(schema, fresh.schema());
        assertEquals(List.of("p"), fresh.partitionColumns());
        assertEquals(t.properties(), fresh.properties());
        assertEquals(sorted(t.readAll()), sorted(fresh.readAll()));
        // and it goes on committing from there
        fresh.append(List.<Object[]>of(new Object[]{"after", "p2", 99L}), List.of(new Txn("app-0", 100)));
        assertEquals(100L, DeltaLake.open(dir.toString()).uncachedHandle("gold/t").txnVersion("app-0").orElseThrow());
    }

    static List<Object[]> rowsOf(LakeTable t, List<DataFile> files) {
        List<Object[]> rows = new ArrayList<>();
        t.scan(files, rows::add);
        return rows;
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static List<String> sorted(List<Object[]> rows) {
        return rows.stream().map(Arrays::toString).sorted().toList();
    }
}
