package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.landing.LandedFile;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark 4.2 + delta-spark 4.4 changes tables the pipeline wrote, as a data engineer might: OPTIMIZE, DELETE and
 * VACUUM on a Bronze table, ALTER TABLE ADD COLUMNS on another, the change data feed on a Gold table, deletion
 * vectors and a DELETE on a third. The pipeline then lands more data and refreshes Gold: every table either goes
 * on correctly (verify passes, Spark reads what we wrote) or is refused in one line naming its feature; never a
 * silent misread.
 */
class SparkChangesOurTablesTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static final String CAMPAIGNS = "bronze/campaign_data";
    static final String SALES = "bronze/sales_trans";
    static final String TWEETS_GOLD = "gold/twitter_historical_data";
    static final String SALES_TEST = "gold/sales_test";

    /** Lands a folder's files; the rows they put in Bronze. */
    static long land(Pipeline p, Path landing, String folder, String as) throws IOException {
        long rows = 0;
        try (Stream<Path> files = Files.list(landing.resolve(folder))) {
            for (Path f : files.sorted().toList()) {
                String name = folder + "/" + as + f.getFileName();
                RunResult r = p.bronze().ingestFile(new LandedFile(name, "etag-" + name, Files.size(f),
                        () -> Files.newInputStream(f)));
                assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
                rows += r.rowsWritten();
            }
        }
        return rows;
    }

    static Map<String, RunResult> gold(Pipeline p) {
        Map<String, RunResult> out = new HashMap<>();
        for (RunResult r : p.gold().run()) {
            out.put(r.table(), r);
        }
        return out;
    }

    @Test
    void afterSparkChangesOurTablesThePipelineGoesOnOrRefusesInOneLine() throws IOException {
        Path first = dir.resolve("landing-1");
        Path second = dir.resolve("landing-2");
        SampleDataGenerator.generate(first, 0.3, 5, s -> { });
        SampleDataGenerator.generate(second, 0.1, 6, s -> { });
        String root = dir.resolve("lake").toString();
        Pipeline p = pipelines.open(Settings.local(root));
        land(p, first, "campaigns", "");
        land(p, first, "store-transactions", "");
        SparkSession spark = SparkPeer.get();
        List<Row> campaigns = spark.read().format("delta").load(root + "/" + CAMPAIGNS)
                .select("Campaign_Name", "CampDate").collectAsList();
        GoldSparkSqlTest.writeSilver(p, campaigns);
        gold(p).values().forEach(r -> assertTrue(r.status() != RunStatus.FAILED, r.toString()));

        // what a data engineer does in Spark to the pipeline's tables
        String campaignsPath = "delta.`" + root + "/" + CAMPAIGNS + "`";
        spark.sql("OPTIMIZE " + campaignsPath);
        String country = spark.read().format("delta").load(root + "/" + CAMPAIGNS).first().getAs("Country");
        spark.sql("DELETE FROM " + campaignsPath + " WHERE Country = '" + country + "'");
        spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
        spark.sql("VACUUM " + campaignsPath + " RETAIN 0 HOURS");
        spark.sql("ALTER TABLE delta.`" + root + "/" + SALES + "` ADD COLUMNS (note STRING)");
        spark.sql("ALTER TABLE delta.`" + root + "/" + TWEETS_GOLD + "` SET TBLPROPERTIES"
                + " ('delta.enableChangeDataFeed' = 'true')");
        String salesTest = "delta.`" + root + "/" + SALES_TEST + "`";
        spark.sql("ALTER TABLE " + salesTest + " SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        spark.sql("DELETE FROM " + salesTest + " WHERE hash(ID) % 7 = 0");
        long campaignRows = spark.read().format("delta").load(root + "/" + CAMPAIGNS).count();
        long salesRows = spark.read().format("delta").load(root + "/" + SALES).count();
        Map<String, Long> protocols = Stream.of(CAMPAIGNS, SALES, TWEETS_GOLD, SALES_TEST).collect(Collectors.toMap(
                t -> t, t -> spark.sql("DESCRIBE DETAIL delta.`" + root + "/" + t + "`").first()
                        .<Integer>getAs("minWriterVersion").longValue()));

        assertTrue(protocols.get(TWEETS_GOLD) >= 4, "Spark upgraded the table for its change data feed: " + protocols);
        assertEquals(7L, protocols.get(SALES_TEST), "and this one for deletion vectors: " + protocols);

        // the running pipeline goes on: its open tables see Spark's commits at their next use
        long newCampaigns = land(p, second, "campaigns", "later-");
        long newSales = land(p, second, "store-transactions", "later-");
        GoldSparkSqlTest.writeSilver(p, campaigns);
        Map<String, RunResult> refresh = gold(p);
        RunResult refused = refresh.get(SALES_TEST);
        assertEquals(RunStatus.FAILED, refused.status(), refused.toString());
        assertTrue(refused.message().contains(SALES_TEST + " needs Delta reader 3 / writer 7 with deletionVectors")
                && refused.message().contains("DROP FEATURE deletionVectors"), refused.message());
        assertEquals(RunStatus.COMMITTED, refresh.get(TWEETS_GOLD).status(), "appended to the change-data-feed table: "
                + refresh.get(TWEETS_GOLD));
        assertEquals(RunStatus.COMMITTED, refresh.get("gold/country_wise_revenue").status(),
                "recomputed after Spark's DELETE: " + refresh.get("gold/country_wise_revenue"));
        refresh.values().stream().filter(r -> !r.table().equals(SALES_TEST))
                .forEach(r -> assertTrue(r.status() != RunStatus.FAILED, "the other tables go on: " + r));

        // every table Spark changed and we could honour holds what both sides wrote
        assertEquals(campaignRows + newCampaigns, spark.read().format("delta").load(root + "/" + CAMPAIGNS).count(),
                "after OPTIMIZE, DELETE and VACUUM in Spark, our appends land");
        assertEquals(salesRows + newSales, spark.read().format("delta").load(root + "/" + SALES)
                .where("note IS NULL").count(), "the column Spark added reads null in every row we wrote");
        for (GoldVerify.Result r : GoldVerify.verify(p.lake(), p.graph())) {
            if (r.table().equals(SALES_TEST)) {
                assertEquals(GoldVerify.Verdict.REFUSED, r.verdict(), r.toString());
                assertTrue(r.inputVersions().contains("deletionVectors"), r.toString());
            } else {
                assertEquals(GoldVerify.Verdict.OK, r.verdict(), "Gold equals its recomputation: " + r);
            }
        }
        assertThrows(TableRefusedException.class, () -> pipelinesLake(root).table(SALES_TEST).readAll());

        // our checkpoint of a table Spark upgraded keeps its protocol: Spark reads it and writes on
        p.lake().table(TWEETS_GOLD).checkpoint();
        p.lake().table(SALES).checkpoint();
        for (String t : List.of(CAMPAIGNS, SALES, TWEETS_GOLD, SALES_TEST)) {
            Row detail = spark.sql("DESCRIBE DETAIL delta.`" + root + "/" + t + "`").first();
            assertEquals(protocols.get(t).longValue(), detail.<Integer>getAs("minWriterVersion").longValue(), t);
        }
        long tweets = spark.read().format("delta").load(root + "/" + TWEETS_GOLD).count();
        assertEquals(p.lake().table(TWEETS_GOLD).readAll().size(), tweets, "Spark reads our checkpoint");
        spark.read().format("delta").load(root + "/" + TWEETS_GOLD).limit(5).write().format("delta").mode("append")
                .save(root + "/" + TWEETS_GOLD);
        assertEquals(tweets + 5, spark.read().format("delta").load(root + "/" + TWEETS_GOLD).count());
        assertEquals(5, spark.read().format("delta").option("readChangeFeed", "true")
                .option("startingVersion", spark.sql("DESCRIBE HISTORY delta.`" + root + "/" + TWEETS_GOLD + "` LIMIT 1")
                        .first().<Long>getAs("version")).load(root + "/" + TWEETS_GOLD).count(),
                "the change data feed Spark enabled still works");
    }

    static com.wwi.lakehouse.lake.Lake pipelinesLake(String root) {
        return com.wwi.lakehouse.lake.delta.DeltaLake.open(root);
    }
}
