package com.wwi.lakehouse.lake.delta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.maintenance.Compaction;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.testing.AllTypes;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compaction without decoding rows: the merged file holds the same rows, and its stats are those of a rewrite. */
class ParquetMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<Object[]> batch(long from, long to, boolean nan) {
        List<Object[]> rows = AllTypes.rows(from, to);
        if (nan) {
            rows.get(0)[4] = Double.NaN; // a file whose double column has no min/max
        }
        rows.get(1)[1] = "x".repeat(40) + from; // a string longer than the stats keep
        return rows;
    }

    private static Map<String, Integer> multiset(LakeTable t) {
        Map<String, Integer> out = new HashMap<>();
        t.scan(t.files(), r -> out.merge(Arrays.deepToString(r), 1, Integer::sum));
        return out;
    }

    @Test
    void mergedFileHoldsTheRowsAndTheStatsOfARewrite() throws Exception {
        LakeTable t = DeltaLake.open(dir.resolve("lake").toUri().toString()).table("t");
        t.createIfAbsent(TableSpec.of("t", AllTypes.SCHEMA));
        List<Object[]> all = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            List<Object[]> rows = batch(k * 50L, k * 50L + 50, k == 2);
            t.append(rows, List.of());
            all.addAll(rows);
        }
        Map<String, Integer> before = multiset(t);
        List<DataFile> files = t.files();
        assertEquals(4, files.size());

        DataFile merged = t.mergeUncommitted(files).orElseThrow();
        List<DataFile> rewrite = t.writeUncommitted(all); // the same rows written by the row path, for its stats
        assertEquals(JSON.readTree(rewrite.get(0).stats()), JSON.readTree(merged.stats()));
        assertFalse(merged.dataChange());
        t.discard(rewrite);

        CommitResult r = t.compactFiles(files, List.of(merged), Compaction.OPERATION);
        assertEquals(4, r.filesRemoved());
        assertEquals(1, t.files().size());
        assertEquals(before, multiset(t));
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(dir.resolve("lake/t").resolve(merged.path()).toUri()), new Configuration()))) {
            assertEquals(4, reader.getFooter().getBlocks().size(), "the row groups were copied, not rewritten");
        }
        assertEquals("OPTIMIZE", t.history(1).get(0).operation());
    }

    @Test
    void filesOfDifferentSchemasAreLeftToTheRowPathWithNothingWritten() throws Exception {
        LakeTable t = DeltaLake.open(dir.resolve("lake").toUri().toString()).table("t");
        t.createIfAbsent(TableSpec.of("t", AllTypes.SCHEMA));
        t.append(batch(0, 20, false), List.of());
        t.addColumns(List.of(Column.of("note", ColumnType.STRING)));
        List<Object[]> wider = new ArrayList<>();
        for (Object[] row : batch(20, 40, false)) {
            Object[] w = Arrays.copyOf(row, row.length + 1);
            w[row.length] = "n";
            wider.add(w);
        }
        t.append(wider, List.of());
        long parquetFiles;
        try (Stream<Path> s = Files.walk(dir.resolve("lake/t"))) {
            parquetFiles = s.filter(p -> p.toString().endsWith(".parquet")).count();
        }
        assertEquals(Optional.empty(), t.mergeUncommitted(t.files()));
        try (Stream<Path> s = Files.walk(dir.resolve("lake/t"))) {
            assertEquals(parquetFiles, s.filter(p -> p.toString().endsWith(".parquet")).count(), "nothing written");
        }
        // maintenance still compacts them, row by row
        Map<String, Integer> before = multiset(t);
        Compaction.Outcome o = new Compaction(MaintenanceOptions.defaults(1_000_000).withCompaction(8L << 20, 2, 500,
                32L << 20)).run(t);
        assertTrue(o.committed(), o.skipped());
        assertEquals(1, t.files().size());
        assertEquals(before, multiset(t));
    }

    @Test
    void rowGroupsDoNotPileUpPastTheLimit() {
        LakeTable t = DeltaLake.open(dir.resolve("lake").toUri().toString()).table("t");
        t.createIfAbsent(TableSpec.of("t", AllTypes.SCHEMA));
        for (int k = 0; k < ParquetMerge.MAX_ROW_GROUPS; k++) {
            t.append(AllTypes.rows(k, k + 1), List.of());
        }
        DataFile merged = t.mergeUncommitted(t.files()).orElseThrow();
        t.compactFiles(t.files(), List.of(merged), Compaction.OPERATION);
        t.append(AllTypes.rows(1000, 1001), List.of());
        assertEquals(Optional.empty(), t.mergeUncommitted(t.files()), "one row group more than a merge may hold");
        // compaction then rewrites them into one row group
        Compaction.Outcome o = new Compaction(MaintenanceOptions.defaults(1_000_000).withCompaction(8L << 20, 2, 500,
                32L << 20)).run(t);
        assertTrue(o.committed(), o.skipped());
        assertEquals(ParquetMerge.MAX_ROW_GROUPS + 1, t.readAll().size());
        assertEquals(1, t.files().size());
    }

    private int rowGroupsOfTheOnlyFile(LakeTable t) throws Exception {
        assertEquals(1, t.files().size());
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(
                dir.resolve("lake").resolve(t.location().substring(t.location().lastIndexOf('/') + 1))
                        .resolve(t.files().get(0).path()).toUri()), new Configuration()))) {
            return reader.getFooter().getBlocks().size();
        }
    }

    @Test
    void tinyFilesAreRewrittenIntoOneRowGroupAndLargerOnesMerged() throws Exception {
        for (long mergeFrom : new long[]{MaintenanceOptions.defaults(1).mergeFromBytes(), 0}) {
            LakeTable t = DeltaLake.open(dir.resolve("lake").toUri().toString()).table("t" + mergeFrom);
            t.createIfAbsent(TableSpec.of("t", AllTypes.SCHEMA));
            for (int k = 0; k < 4; k++) {
                t.append(AllTypes.rows(k * 10L, k * 10L + 10), List.of());
            }
            Map<String, Integer> before = multiset(t);
            Compaction.Outcome o = new Compaction(MaintenanceOptions.defaults(1_000_000)
                    .withCompaction(8L << 20, 2, 500, 32L << 20).withMergeFrom(mergeFrom)).run(t);
            assertTrue(o.committed(), o.skipped());
            assertEquals(before, multiset(t));
            assertEquals(mergeFrom == 0 ? 4 : 1, rowGroupsOfTheOnlyFile(t),
                    "files of a few KB are rewritten (512 KiB by default); merged when the threshold allows");
        }
    }
}
