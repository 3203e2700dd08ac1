package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link LakeTable#addColumns}: the metadata commit schema drift ({@code evolve}) makes. */
class DeltaTableAddColumnsTest {
    @TempDir
    Path dir;

    static final TableSpec SPEC = TableSpec.of("t", TableSchema.of(Column.of("a", ColumnType.STRING)));

    @Test
    void addsTheMissingColumnsAtTheEndOnceAndNeverChangesATypeThere() {
        LakeTable t = DeltaLake.open(dir.toString()).table("t");
        t.createIfAbsent(SPEC);
        t.append(List.<Object[]>of(new Object[]{"old"}), List.of());
        long v = t.version();

        assertEquals(List.of("b"), t.addColumns(List.of(Column.of("b", ColumnType.LONG), Column.of("A", ColumnType.INT))));
        assertEquals(TableSchema.of(Column.of("a", ColumnType.STRING), Column.of("b", ColumnType.LONG)), t.schema());
        assertEquals(v + 1, t.version());
        assertEquals("ADD COLUMNS", t.history(1).get(0).operation());
        assertEquals("[\"b\"]", t.history(1).get(0).parameters().get("columns"));

        assertEquals(List.of(), t.addColumns(List.of(Column.of("B", ColumnType.STRING))), "present: nothing to add");
        assertEquals(ColumnType.LONG, t.schema().column("b").type(), "a type is never changed");
        assertEquals(v + 1, t.version(), "no commit");

        t.append(List.<Object[]>of(new Object[]{"new", 7L}), List.of());
        List<Object[]> rows = new ArrayList<>(t.readAll());
        rows.sort((x, y) -> ((String) y[0]).compareTo((String) x[0]));
        assertArrayEquals(new Object[]{"old", null}, rows.get(0), "rows committed before read null");
        assertArrayEquals(new Object[]{"new", 7L}, rows.get(1));
        // the table opened afresh (another process) sees the same
        assertEquals(t.schema(), DeltaLake.open(dir.toString()).table("t").schema());
    }

    @Test
    void writersAddingColumnsAtOnceEachGetTheirsAndNoneTwice() throws Exception {
        DeltaLake.open(dir.toString()).table("t").createIfAbsent(SPEC);
        int writers = 4;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<String>>> added = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                LakeTable t = DeltaLake.open(dir.toString()).table("t"); // one lake per writer, as processes
                String own = "own" + w;
                added.add(pool.submit(() -> {
                    start.await();
                    return t.addColumns(List.of(Column.of("shared", ColumnType.STRING), Column.of(own, ColumnType.LONG)));
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : added) {
                all.addAll(f.get());
            }
            assertEquals(1, all.stream().filter("shared"::equals).count(), "shared added by one writer: " + all);
            assertEquals(writers + 1, all.size(), all.toString());
        } finally {
            pool.shutdown();
        }
        TableSchema s = DeltaLake.open(dir.toString()).table("t").schema();
        assertEquals(writers + 2, s.size(), s.names().toString());
        assertEquals("a", s.column(0).name());
    }
}
