package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.Stage;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.wwi.lakehouse.gold.GoldRefreshTest.show;
import static com.wwi.lakehouse.lake.Column.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recomputed Gold table replaces only the files that hold a row that changed. */
class ReplaceChangedTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static Object[] row(String k, long n) {
        return new Object[]{k, n, Instant.parse("2021-06-24T00:00:00Z")};
    }

    @Test
    void onlyFilesWithChangedRowsAreRewritten() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable t = p.lake().table("gold/t");
        t.createIfAbsent(new TableSpec("t", "test", TableSchema.of(of("k", ColumnType.STRING), of("n", ColumnType.LONG),
                of("w", ColumnType.TIMESTAMP)), List.of(), Map.of()));
        t.append(List.of(row("a", 1), row("b", 2)), List.of());
        t.append(List.of(row("c", 3), row("d", 4)), List.of());
        t.append(List.of(row("e", 5), row("e", 5)), List.of());
        String holdingD = null;
        for (DataFile f : t.files()) {
            List<Object[]> rows = new ArrayList<>();
            t.scan(List.of(f), rows::add);
            holdingD = rows.stream().anyMatch(r -> r[0].equals("d")) ? f.path() : holdingD;
        }
        Set<String> before = t.files().stream().map(DataFile::path).collect(Collectors.toSet());

        // d changes, f is new, a duplicate row stays a duplicate
        List<Object[]> wanted = new ArrayList<>(List.of(row("a", 1), row("b", 2), row("c", 3), row("d", 40),
                row("e", 5), row("e", 5), row("f", 6)));
        Run run = new Run("r", Stage.GOLD_REFRESH, Instant.now());
        replaceChanged(t, wanted, new Txn("gold/gold/t", 1, Txn.NONE), run);
        assertEquals(show(wanted), show(t.readAll()));
        Set<String> kept = t.files().stream().map(DataFile::path).collect(Collectors.toSet());
        Set<String> untouched = new HashSet<>(before);
        untouched.remove(holdingD);
        assertTrue(kept.containsAll(untouched), "files without a changed row stay: " + run.message());
        assertTrue(!kept.contains(holdingD), "the file holding d is replaced");
        assertEquals(3, kept.size());
        assertEquals(3, run.rowsWritten(), "c (carried over), d and f: " + run.message());

        // the same rows again: nothing rewritten, only the txn recorded
        long version = t.version();
        List<String> files = t.files().stream().map(DataFile::path).sorted().toList();
        replaceChanged(t, wanted, new Txn("gold/gold/t", 2, 1), run);
        assertEquals(version + 1, t.version());
        assertEquals(files, t.files().stream().map(DataFile::path).sorted().toList());
        assertEquals(2L, t.txnVersion("gold/gold/t").orElseThrow());

        // a row fewer (one of the duplicates): its file is replaced by one holding the other
        wanted.remove(5);
        replaceChanged(t, wanted, new Txn("gold/gold/t", 3, 2), run);
        assertEquals(show(wanted), show(t.readAll()));
        assertEquals(1, run.rowsWritten(), run.message());
    }

    /** Plans and commits a replace of {@code gold}'s rows by {@code rows} under {@code txn}, as a refresh does. */
    static void replaceChanged(LakeTable gold, List<Object[]> rows, Txn txn, Run run) {
        TableNode node = TableNode.recompute(txn.appId().substring("gold/".length()), gold.schema(), List.of(),
                in -> rows);
        GoldPlan plan = GoldPlanner.replaceChanged(node, gold, rows, Map.of(), -1, txn, 0);
        GoldWriter.record(plan, GoldWriter.write(gold, plan), run);
    }
}
