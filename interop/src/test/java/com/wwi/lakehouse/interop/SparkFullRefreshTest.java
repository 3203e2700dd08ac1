package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.gold.GoldRefresh;
import com.wwi.lakehouse.gold.GoldSql;
import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.sample.SampleDataGenerator;
import com.wwi.lakehouse.testing.Pipelines;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Past one instance: the Gold tables' full refresh run by Spark from {@code ./lakehouse export-sql}'s script, then
 * our incremental refresh on top of Spark's result, then {@code verify}.
 */
class SparkFullRefreshTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    /** Runs a script's statements one by one (comment lines dropped). */
    static void runScript(SparkSession spark, String script) {
        StringBuilder statement = new StringBuilder();
        for (String line : script.lines().toList()) {
            if (line.startsWith("--") || line.isBlank()) {
                continue;
            }
            statement.append(line).append('\n');
            if (line.endsWith(";")) {
                String sql = statement.toString().strip();
                spark.sql(sql.substring(0, sql.length() - 1));
                statement.setLength(0);
            }
        }
        assertEquals("", statement.toString().strip(), "every statement ends with ';'");
    }

    @Test
    void sparkRebuildsGoldAndTheTimersCarryOnFromItsResult() throws Exception {
        Path landing = dir.resolve("landing");
        SampleDataGenerator.generate(landing, 0.3, 5, s -> { });
        Pipeline p = pipelines.open(Settings.local(dir.resolve("lake").toString()));
        GoldSparkSqlTest helper = new GoldSparkSqlTest();
        helper.landFolder(p, landing, "campaigns");
        helper.landFolder(p, landing, "store-transactions");
        String root = dir.resolve("lake").toString();
        SparkSession spark = SparkPeer.get();
        List<Row> campaigns = spark.read().format("delta").load(root + "/bronze/campaign_data")
                .select("Campaign_Name", "CampDate").collectAsList();
        GoldSparkSqlTest.writeSilver(p, campaigns);
        for (RunResult r : p.gold().run()) {
            assertTrue(r.status() != RunStatus.FAILED, r.toString());
        }
        GoldSparkSqlTest.writeSilver(p, campaigns); // Silver moves on: what Spark's full refresh will read

        List<String> exported = GoldSql.exportable(p.graph());
        List<String> skipped = new ArrayList<>();
        String script = GoldSql.script(p.lake(), p.graph(), p.gold().tables(), Instant.now(), skipped::add);
        assertEquals(2, skipped.size(), skipped.toString());
        Map<String, Long> before = new HashMap<>();
        Map<String, Long> recorded = new HashMap<>();
        Map<String, Long> packed = new HashMap<>();
        for (TableNode d : p.graph().gold()) {
            LakeTable t = p.lake().table(d.path());
            before.put(d.path(), t.version());
            recorded.put(d.path(), t.txnVersion(GoldRefresh.appId(d)).orElse(-1L));
            long v = 0;
            for (String in : d.inputs()) {
                v = v * (1L << 31) + p.lake().table(in).version();
            }
            packed.put(d.path(), v);
        }
        runScript(spark, script);
        for (String path : exported) {
            LakeTable t = p.lake().table(path);
            TableNode d = p.graph().table(path).orElseThrow();
            assertEquals(packed.get(path), t.txnVersion(GoldRefresh.appId(d)).orElseThrow(),
                    path + ": Spark recorded the pipeline's txn");
            boolean moved = !packed.get(path).equals(recorded.get(path));
            assertEquals(before.get(path) + (moved ? 1 : 0), t.version(), path + (moved ? ": one commit by Spark"
                    : ": inputs unchanged since our refresh, so Delta skipped Spark's write"));
        }
        assertTrue(exported.stream().anyMatch(path -> !packed.get(path).equals(recorded.get(path))), "Silver moved");
        assertTrue(exported.stream().anyMatch(path -> packed.get(path).equals(recorded.get(path))), "campaigns did not");
        // the same script again: every table already records these versions, Delta skips the writes
        Map<String, Long> after = new HashMap<>();
        exported.forEach(path -> after.put(path, p.lake().table(path).version()));
        runScript(spark, script);
        exported.forEach(path -> assertEquals(after.get(path), p.lake().table(path).version(), path + " written twice"));

        // our timer carries on from Spark's result: new Silver rows, an incremental refresh, then verify
        GoldSparkSqlTest.writeSilver(p, campaigns);
        for (RunResult r : p.gold().run()) {
            assertTrue(r.status() != RunStatus.FAILED, r.toString());
            if (r.table().equals("gold/twitter_historical_hashtag_data")) {
                assertTrue(r.message() == null || !r.message().contains("recomputed"),
                        "a MERGE on Spark's table, not a recompute: " + r);
            }
        }
        for (GoldVerify.Result r : GoldVerify.verify(p.lake(), p.graph())) {
            assertTrue(r.ok(), r.table() + ": " + r.status());
        }
        assertNotEquals(0, spark.read().format("delta").load(root + "/gold/campaign_sentiment_weekly").count());
    }
}
