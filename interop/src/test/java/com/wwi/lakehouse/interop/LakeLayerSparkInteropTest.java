package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.maintenance.TableMaintenance;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.testing.AllTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables written by our lake layer read identically in Spark + delta-spark, and the other way round. */
class LakeLayerSparkInteropTest {
    static final TableSchema SCHEMA = AllTypes.SCHEMA;

    @TempDir
    Path dir;

    static Object[] row(long id) {
        return AllTypes.row(id);
    }

    /** Canonical text of a row, for comparing our values with Spark's. */
    static String canon(Object[] r) {
        StringBuilder sb = new StringBuilder();
        for (Object v : r) {
            if (v instanceof byte[] b) {
                sb.append(Arrays.toString(b));
            } else if (v instanceof BigDecimal d) {
                sb.append(d.toPlainString());
            } else {
                sb.append(v);
            }
            sb.append('|');
        }
        return sb.toString();
    }

    static TreeMap<Long, String> byId(List<Object[]> rows) {
        TreeMap<Long, String> m = new TreeMap<>();
        for (Object[] r : rows) {
            m.put((Long) r[0], canon(r));
        }
        return m;
    }

    static List<Object[]> sparkRows(Dataset<Row> df) {
        List<Object[]> out = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            Object[] a = new Object[r.length()];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.get(i);
            }
            out.add(a);
        }
        return out;
    }

    @Test
    void sparkReadsWhatTheLakeLayerWroteAndViceVersa() {
        DeltaLake lake = DeltaLake.open(dir.toString());
        LakeTable t = lake.table("interop/all_types");
        t.createIfAbsent(TableSpec.of("test.all_types", SCHEMA).partitionedBy("day"));
        List<Object[]> expected = new ArrayList<>();
        for (int batch = 0; batch < 11; batch++) { // crosses the checkpoint at version 10
            List<Object[]> rows = new ArrayList<>();
            for (long id = batch * 20L; id < batch * 20L + 20; id++) {
                rows.add(row(id));
            }
            t.append(rows, List.of(new Txn("interop", batch)));
            expected.addAll(rows);
        }
        List<Object[]> rewritten = readFiles(t, 5);
        t.rewrite(t.files().subList(0, 5), rewritten, false, List.of(), "OPTIMIZE");

        SparkSession spark = SparkPeer.get();
        String path = t.location();
        Dataset<Row> df = spark.read().format("delta").load(path).select(SCHEMA.names().stream()
                .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
        assertEquals(byId(expected), byId(sparkRows(df)), "Spark sees the same rows");
        assertEquals(byId(expected), byId(t.readAll()), "so do we");

        // Spark's view of the log: history, txn, partitioning, data skipping by our stats
        List<Row> history = spark.sql("DESCRIBE HISTORY delta.`" + path + "`").collectAsList();
        assertEquals(t.version() + 1, history.size());
        // as Spark users query it: our appends are WRITE with mode Append, the rewrite carries its metrics
        assertEquals(11, spark.sql("DESCRIBE HISTORY delta.`" + path + "`")
                .where("operation = 'WRITE' AND operationParameters.mode = 'Append'").count());
        Row rewrite = history.get(0);
        Map<String, String> metrics = rewrite.getJavaMap(rewrite.fieldIndex("operationMetrics"));
        assertEquals("5", metrics.get("numRemovedFiles"), metrics.toString());
        assertTrue(Long.parseLong(metrics.get("numAddedBytes")) > 0, metrics.toString());
        assertEquals(String.valueOf(rewritten.size()), metrics.get("numOutputRows"), metrics.toString());
        assertEquals("OPTIMIZE", rewrite.getString(rewrite.fieldIndex("operation")));
        assertEquals(1, spark.sql("DESCRIBE HISTORY delta.`" + path + "`").where("operation = 'OPTIMIZE'").count());
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").collectAsList().get(0);
        assertEquals("day", String.join(",", detail.<String>getList(detail.fieldIndex("partitionColumns"))));
        long total = spark.read().format("delta").load(path).inputFiles().length;
        long skipped = spark.read().format("delta").load(path).where("id = 3").inputFiles().length;
        assertTrue(skipped < total, "stats let Spark skip files: " + skipped + " of " + total);
        assertEquals(1, spark.read().format("delta").load(path).where("id = 3").count());

        // Spark appends to our table; we read Spark's files (INT96 timestamps etc.) and its commit
        Dataset<Row> more = spark.read().format("delta").load(path).where("id < 10")
                .withColumn("id", org.apache.spark.sql.functions.expr("id + 100000"));
        more.write().format("delta").mode("append").save(path);
        List<Object[]> afterSpark = t.readAll();
        assertEquals(expected.size() + 10, afterSpark.size());
        TreeMap<Long, String> ours = byId(afterSpark);
        for (long id = 0; id < 10; id++) {
            assertEquals(ours.get(id).substring(ours.get(id).indexOf('|')),
                    ours.get(id + 100000).substring(ours.get(id + 100000).indexOf('|')), "row " + id);
        }
        assertEquals(10L, t.txnVersion("interop").orElseThrow());

        // Spark checkpoints (its local file system writes ._last_checkpoint.crc); our next checkpoint replaces
        // _last_checkpoint and must not leave Spark's checksum behind it, stale
        DeltaLog.forTable(spark, path).checkpoint();
        Path log = Path.of(URI.create(path)).resolve("_delta_log");
        assertTrue(Files.exists(log.resolve("._last_checkpoint.crc")), "Spark wrote its checksum");
        for (int batch = 11; batch < 21; batch++) {
            t.append(List.<Object[]>of(row(500_000L + batch)), List.of(new Txn("interop", batch)));
        }
        t.checkpoint();
        assertFalse(Files.exists(log.resolve("._last_checkpoint.crc")), "no stale checksum left");
        assertEquals(expected.size() + 20, spark.read().format("delta").load(path).count());
    }

    @Test
    void sparkReadsATableAfterOurMaintenance() {
        Pipeline p = Pipeline.open(
                Settings.local(dir.toString()));
        try {
            LakeTable t = p.lake().table("bronze/small_files");
            t.createIfAbsent(TableSpec.of("bronze.small_files", SCHEMA).partitionedBy("b"));
            List<Object[]> expected = new ArrayList<>();
            for (int batch = 0; batch < 12; batch++) {
                List<Object[]> rows = AllTypes.rows(batch * 6L, batch * 6L + 6);
                t.append(rows, List.of(new Txn("interop", batch)));
                expected.addAll(rows);
            }
            // these files are tiny, which maintenance rewrites row by row; merge them (row groups copied, statistics
            // merged) as it does files of 512 KiB and more, so that Spark reads and skips by what a merge wrote
            var maintained = new TableMaintenance(p.lake(), p.eventLog(), Clock.systemUTC(),
                    MaintenanceOptions.defaults(2_000_000).withMergeFrom(0)).run().stream()
                    .filter(r -> r.table().equals("bronze/small_files")).findFirst().orElseThrow();
            assertEquals(24, maintained.filesCompacted(), maintained.run().toString());
            assertEquals(2, t.files().size());
            // eight days later: VACUUM deletes the compacted-away files
            var later = new TableMaintenance(p.lake(), p.eventLog(),
                    Clock.offset(Clock.systemUTC(), Duration.ofDays(8)),
                    MaintenanceOptions.defaults(2_000_000));
            assertEquals(24, later.maintain("bronze/small_files").filesVacuumed());

            SparkSession spark = SparkPeer.get();
            String path = t.location();
            Dataset<Row> df = spark.read().format("delta").load(path).select(SCHEMA.names().stream()
                    .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
            assertEquals(byId(expected), byId(sparkRows(df)), "Spark reads the compacted, vacuumed table");
            assertEquals(2, spark.read().format("delta").load(path).inputFiles().length);
            // the merged files' statistics: Spark skips files by them, so a wrong bound would lose rows here
            assertEquals(expected.stream().filter(r -> (Long) r[0] >= 30).count(),
                    spark.read().format("delta").load(path).where("id >= 30").count());
            assertEquals(expected.stream().filter(r -> ((java.time.Instant) r[7])
                            .isBefore(java.time.Instant.parse("2021-06-28T00:00:00Z"))).count(),
                    spark.read().format("delta").load(path).where("ts < timestamp'2021-06-28 00:00:00'").count());
            assertEquals(expected.stream().filter(r -> r[1] != null && ((String) r[1]).compareTo("name-5") >= 0).count(),
                    spark.read().format("delta").load(path).where("name >= 'name-5'").count());
            Row last = spark.sql("DESCRIBE HISTORY delta.`" + path + "` LIMIT 1").collectAsList().get(0);
            assertEquals("OPTIMIZE", last.getString(last.fieldIndex("operation")), "compaction as Spark names it");
            assertEquals("[]", last.<String, String>getJavaMap(last.fieldIndex("operationParameters")).get("zOrderBy"));
            assertEquals("24", last.<String, String>getJavaMap(last.fieldIndex("operationMetrics")).get("numRemovedFiles"));
        } finally {
            p.close();
        }
    }

    private static List<Object[]> readFiles(LakeTable t, int n) {
        List<Object[]> out = new ArrayList<>();
        t.scan(t.files().subList(0, n), out::add);
        return out;
    }
}
