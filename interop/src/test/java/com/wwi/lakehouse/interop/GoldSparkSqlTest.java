package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.gold.GoldSql;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.sample.SampleDataGenerator;
import com.wwi.lakehouse.silver.SilverStage;
import com.wwi.lakehouse.testing.Pipelines;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab's Gold queries, as {@code ./lakehouse export-sql} ships them ({@link GoldSql}), run with Spark SQL on the
 * Bronze tables our pipeline wrote, give exactly the rows of our Gold tables (read by Spark too, so both sides have Spark's types). Silver here is written directly (scored
 * rows over the sample campaigns' names and dates, in mixed case) so that the test needs no sentiment model; the
 * Twitter tables and the combined product are computed from it by both sides.
 */
class GoldSparkSqlTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    void landFolder(Pipeline p, Path landing, String folder) throws IOException {
        try (Stream<Path> files = Files.list(landing.resolve(folder))) {
            for (Path f : files.sorted().toList()) {
                RunResult r = p.bronze().ingestFile(new LandedFile(folder + "/" + f.getFileName(), "etag-" + f.getFileName(),
                        Files.size(f), () -> Files.newInputStream(f)));
                assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
            }
        }
    }

    static void assertSameRows(String table, Dataset<Row> expected, Dataset<Row> actual) {
        Column[] cols = Arrays.stream(actual.columns()).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
        Dataset<Row> e = expected.select(cols);
        long n = e.count();
        assertTrue(n > 0, table + ": the lab query returns rows");
        assertEquals(n, actual.count(), table + ": row count");
        List<Row> missing = e.exceptAll(actual).limit(5).collectAsList();
        List<Row> extra = actual.exceptAll(e).limit(5).collectAsList();
        assertEquals(List.of(), missing, table + ": rows Spark computes and our table lacks (ours instead: " + extra + ")");
        assertEquals(List.of(), extra, table + ": rows our table has and Spark does not compute");
    }

    @Test
    void sparkSqlComputesTheSameGoldRows() throws IOException {
        Path landing = dir.resolve("landing");
        SampleDataGenerator.generate(landing, 0.3, 5, s -> { });
        Pipeline p = pipelines.open(Settings.local(dir.resolve("lake").toString()));
        landFolder(p, landing, "campaigns");
        landFolder(p, landing, "store-transactions");
        String root = dir.resolve("lake").toString();
        SparkSession spark = SparkPeer.get();
        writeSilver(p, spark.read().format("delta").load(root + "/bronze/campaign_data")
                .select("Campaign_Name", "CampDate").collectAsList());
        for (RunResult r : p.gold().run()) {
            assertTrue(r.status() != RunStatus.FAILED, r.toString());
        }
        for (String in : List.of(SilverStage.TABLE, "bronze/campaign_data", "bronze/sales_trans")) {
            spark.read().format("delta").load(root + "/" + in).createOrReplaceTempView(GoldSql.view(in));
        }
        // the Spark SQL that ./lakehouse export-sql ships, table by table
        List<String> exported = GoldSql.exportable(p.graph());
        assertEquals(12, exported.size(), exported.toString());
        for (String table : exported) {
            assertSameRows(table, spark.sql(GoldSql.query(table).orElseThrow()), gold(spark, root, table));
        }

        // the two tables the refresh computes from other Gold tables, as the lab would from Silver
        spark.sql("SELECT city, hashtag, count(*) AS count FROM silver_twitter_historical_data GROUP BY city, hashtag")
                .createOrReplaceTempView("city_hashtag");
        // the lab's join with its two bugs fixed: ignore case, one row per city and hashtag
        assertSameRows("sentiment_campaign_analytics", spark.sql("""
                SELECT DISTINCT a.* FROM city_hashtag a JOIN bronze_campaign_data b
                ON lower(replace(a.hashtag, '#', '')) = lower(b.Campaign_Name)"""),
                gold(spark, root, "gold/sentiment_campaign_analytics"));
        assertSameRows("campaign_sentiment_weekly", spark.sql("""
                WITH t AS (SELECT lower(replace(hashtag, '#', '')) AS campaign, window(date, '1 week') AS w,
                                  count(*) AS tweets, count_if(mlsentiment = 'Positive') AS positive,
                                  count_if(mlsentiment = 'Negative') AS negative,
                                  count_if(mlsentiment = 'Neutral') AS neutral,
                                  sum(CAST(coalesce(mlsentiment_score, 0.5D) * 1e9 AS BIGINT)) / 1e9 / count(*)
                                      AS mean_sentiment_score, sum(retweetcount) AS retweets
                           FROM silver_twitter_historical_data WHERE lower(replace(hashtag, '#', ''))
                                IN (SELECT lower(Campaign_Name) FROM bronze_campaign_data)
                           GROUP BY 1, 2),
                     c AS (SELECT lower(Campaign_Name) AS campaign, window(CampDate, '1 week') AS w,
                                  round(sum(Cost), 2) AS cost, round(sum(Revenue), 2) AS revenue,
                                  round(sum(Profit), 2) AS profit
                           FROM bronze_campaign_data GROUP BY 1, 2)
                SELECT coalesce(t.campaign, c.campaign) AS campaign, coalesce(t.w, c.w).start AS window_start,
                       coalesce(t.w, c.w).end AS window_end, coalesce(tweets, 0) AS tweets,
                       coalesce(positive, 0) AS positive, coalesce(negative, 0) AS negative,
                       coalesce(neutral, 0) AS neutral, mean_sentiment_score, coalesce(retweets, 0) AS retweets,
                       coalesce(cost, 0D) AS cost, coalesce(revenue, 0D) AS revenue, coalesce(profit, 0D) AS profit
                FROM t FULL OUTER JOIN c ON t.campaign = c.campaign AND t.w = c.w"""),
                gold(spark, root, "gold/campaign_sentiment_weekly"));
    }

    /** Scored Silver rows whose hashtags are the campaigns' names in several cases, plus hashtags of no campaign. */
    static void writeSilver(Pipeline p, List<Row> campaigns) {
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        Random random = new Random(42);
        String[] labels = {"Positive", "Negative", "Neutral"};
        String[] cities = {"Seattle", "Paris", null, "Tokyo"};
        for (int batch = 0; batch < 4; batch++) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Row c = campaigns.get(random.nextInt(campaigns.size()));
                String name = c.getString(0);
                String hashtag = switch (random.nextInt(4)) {
                    case 0 -> "#" + name;
                    case 1 -> "#" + name.toLowerCase(Locale.ROOT);
                    case 2 -> "#" + name.toUpperCase(Locale.ROOT);
                    default -> "#summer";
                };
                LocalDate date = c.getAs(1);
                Object[] r = new Object[SilverStage.SCHEMA.size()];
                r[0] = date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
                r[1] = hashtag;
                r[2] = "tweet " + i;
                r[3] = cities[random.nextInt(cities.length)];
                r[5] = random.nextInt(5) == 0 ? null : random.nextInt(100);
                r[12] = date.plusDays(random.nextInt(10));
                r[13] = labels[random.nextInt(3)];
                r[14] = random.nextInt(17) / 16.0; // exact in binary: sums do not depend on their order
                rows.add(r);
            }
            silver.append(rows, List.of());
        }
    }

    static Dataset<Row> gold(SparkSession spark, String root, String table) {
        return spark.read().format("delta").load(root + "/" + table);
    }
}
