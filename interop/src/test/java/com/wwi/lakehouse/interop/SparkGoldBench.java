package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.bench.GoldBench;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.silver.SilverStage;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The peer of the Gold benchmark: Spark 4.2 + delta-spark 4.4 (local[2]) bringing the same Gold tables up to date
 * with the same Silver increment the way a Spark job would: a Delta stream on Silver from the version after the
 * last one consumed, {@code Trigger.AvailableNow}, and per micro-batch an append to
 * {@code gold/twitter_historical_data}, a {@code MERGE INTO} per count table (the increment's counts added per
 * key) and an overwrite of the two small joined tables. Both start from the same Gold (ours, copied), both get a
 * warm-up increment first, then the timed one; our full recompute runs last. Afterwards every Gold table of
 * Spark's is compared with ours. Run with {@code mvn -q -pl interop exec:exec@bench-gold} (see BENCHMARKS.md).
 */
public final class SparkGoldBench {
    private SparkGoldBench() {
    }

    static final List<String> MERGED = List.of("gold/twitter_historical_data", "gold/twitter_historical_hashtag_data",
            "gold/twitter_historical_retweetcount_data", "gold/twitter_historical_city_hashtagcount_data",
            "gold/hashtag_sentiment_weekly", "gold/sentiment_campaign_analytics", "gold/campaign_sentiment_weekly");

    /** Processes everything Silver added since the stream's checkpoint (or since {@code startingVersion}). */
    static void sparkIncrement(SparkSession spark, String silver, String gold, String campaigns, String checkpoint,
                               long startingVersion) throws Exception {
        StreamingQuery q = spark.readStream().format("delta").option("startingVersion", startingVersion).load(silver)
                .writeStream().trigger(Trigger.AvailableNow()).option("checkpointLocation", checkpoint)
                .foreachBatch((VoidFunction2<org.apache.spark.sql.Dataset<Row>, Long>) (batch, id) ->
                        mergeBatch(spark, batch, gold, campaigns))
                .start();
        q.awaitTermination();
    }

    static void mergeBatch(SparkSession ignored, org.apache.spark.sql.Dataset<Row> batch, String gold, String campaigns) {
        SparkSession spark = batch.sparkSession(); // the micro-batch's session holds its temp views
        batch.persist();
        batch.write().format("delta").mode("append").save(gold + "/twitter_historical_data");
        batch.createOrReplaceTempView("inc");
        spark.sql("MERGE INTO delta.`" + gold + "/twitter_historical_hashtag_data` t"
                + " USING (SELECT hashtag, count(*) AS count FROM inc GROUP BY hashtag) s"
                + " ON t.hashtag <=> s.hashtag"
                + " WHEN MATCHED THEN UPDATE SET count = t.count + s.count WHEN NOT MATCHED THEN INSERT *");
        spark.sql("MERGE INTO delta.`" + gold + "/twitter_historical_retweetcount_data` t"
                + " USING (SELECT sum(retweetcount) AS retweetcount FROM inc) s ON true"
                + " WHEN MATCHED THEN UPDATE SET retweetcount = CASE WHEN t.retweetcount IS NULL THEN s.retweetcount"
                + "   WHEN s.retweetcount IS NULL THEN t.retweetcount ELSE t.retweetcount + s.retweetcount END"
                + " WHEN NOT MATCHED THEN INSERT *");
        spark.sql("MERGE INTO delta.`" + gold + "/twitter_historical_city_hashtagcount_data` t"
                + " USING (SELECT city, hashtag, count(*) AS count FROM inc GROUP BY city, hashtag) s"
                + " ON t.city <=> s.city AND t.hashtag <=> s.hashtag"
                + " WHEN MATCHED THEN UPDATE SET count = t.count + s.count WHEN NOT MATCHED THEN INSERT *");
        spark.sql("MERGE INTO delta.`" + gold + "/hashtag_sentiment_weekly` t USING ("
                + " SELECT h AS hashtag, w.start AS window_start, w.end AS window_end, tweets, positive, negative,"
                + "        neutral, score_sum_e9, retweets"
                + " FROM (SELECT lower(replace(hashtag, '#', '')) AS h, window(date, '1 week') AS w, count(*) AS tweets,"
                + "         count_if(mlsentiment = 'Positive') AS positive, count_if(mlsentiment = 'Negative') AS negative,"
                + "         count(*) - count_if(mlsentiment IN ('Positive', 'Negative')) AS neutral,"
                + "         sum(CAST(coalesce(mlsentiment_score, 0.5D) * 1e9 AS BIGINT)) AS score_sum_e9,"
                + "         coalesce(sum(retweetcount), 0L) AS retweets FROM inc GROUP BY 1, 2)) s"
                + " ON t.hashtag <=> s.hashtag AND t.window_start <=> s.window_start"
                + " WHEN MATCHED THEN UPDATE SET tweets = t.tweets + s.tweets, positive = t.positive + s.positive,"
                + "   negative = t.negative + s.negative, neutral = t.neutral + s.neutral,"
                + "   score_sum_e9 = t.score_sum_e9 + s.score_sum_e9, retweets = t.retweets + s.retweets"
                + " WHEN NOT MATCHED THEN INSERT *");
        // the two joins of small tables, rewritten whole as a Spark job would
        spark.sql("SELECT DISTINCT a.* FROM delta.`" + gold + "/twitter_historical_city_hashtagcount_data` a"
                        + " JOIN delta.`" + gold + "/campaign_per_week` b"
                        + " ON lower(replace(a.hashtag, '#', '')) = lower(b.campaign_name)")
                .write().format("delta").mode("overwrite").save(gold + "/sentiment_campaign_analytics");
        spark.sql("""
                WITH names AS (SELECT DISTINCT lower(Campaign_Name) AS campaign FROM delta.`%2$s`),
                     t AS (SELECT h.* FROM delta.`%1$s/hashtag_sentiment_weekly` h JOIN names n
                           ON h.hashtag = n.campaign WHERE h.window_start IS NOT NULL),
                     c AS (SELECT lower(Campaign_Name) AS campaign, window(CampDate, '1 week') AS w,
                                  round(sum(Cost), 2) AS cost, round(sum(Revenue), 2) AS revenue,
                                  round(sum(Profit), 2) AS profit
                           FROM delta.`%2$s` WHERE Campaign_Name IS NOT NULL AND CampDate IS NOT NULL GROUP BY 1, 2)
                SELECT coalesce(t.hashtag, c.campaign) AS campaign, coalesce(t.window_start, c.w.start) AS window_start,
                       coalesce(t.window_end, c.w.end) AS window_end, coalesce(tweets, 0L) AS tweets,
                       coalesce(positive, 0L) AS positive, coalesce(negative, 0L) AS negative,
                       coalesce(neutral, 0L) AS neutral,
                       CASE WHEN coalesce(tweets, 0) = 0 THEN NULL ELSE score_sum_e9 / 1e9 / tweets END
                           AS mean_sentiment_score,
                       coalesce(retweets, 0L) AS retweets, coalesce(cost, 0D) AS cost,
                       coalesce(revenue, 0D) AS revenue, coalesce(profit, 0D) AS profit
                FROM t FULL OUTER JOIN c ON t.hashtag = c.campaign AND t.window_start = c.w.start"""
                .formatted(gold, campaigns))
                .write().format("delta").mode("overwrite").save(gold + "/campaign_sentiment_weekly");
        batch.unpersist();
    }

    /** Row multisets of one table in two lakes; an empty string when equal, else what differs. */
    static String compare(Lake a, Lake b, String table) {
        Map<String, Integer> counts = new HashMap<>();
        LakeTable ta = a.table(table);
        LakeTable tb = b.table(table);
        ta.scan(ta.files(), r -> counts.merge(Arrays.toString(r), 1, Integer::sum));
        tb.scan(tb.files(), r -> counts.merge(Arrays.toString(r), -1, Integer::sum));
        long differ = counts.values().stream().filter(n -> n != 0).mapToLong(Math::abs).sum();
        return differ == 0 ? "" : table + ": " + differ + " rows differ, e.g. "
                + counts.entrySet().stream().filter(e -> e.getValue() != 0).limit(3).toList();
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 && !args[0].isBlank() ? Long.parseLong(args[0]) : 10_000_000L;
        double fraction = args.length > 1 && !args[1].isBlank() ? Double.parseDouble(args[1]) : 0.01;
        Path work = args.length > 2 && !args[2].isBlank() ? Path.of(args[2]) : Files.createTempDirectory("gold-bench");
        long n = Math.max(1, Math.round(rows * fraction));
        System.out.printf(Locale.ROOT, "Gold benchmark with the Spark MERGE peer: Silver of %,d rows, increments of %,d"
                + " rows, work folder %s%n", rows, n, work);
        GoldBench.Prepared p = GoldBench.prepare(work, rows, 42, System.out);
        Path sparkLakeDir = work.resolve("spark-lake");
        // a previous run's: Spark starts from our Gold, its stream from scratch
        GoldBench.deleteTree(sparkLakeDir);
        GoldBench.deleteTree(work.resolve("spark-checkpoint"));
        GoldBench.copyTree(work.resolve("lake/gold"), sparkLakeDir.resolve("gold"));
        Lake sparkLake = DeltaLake.open(sparkLakeDir.toUri().toString());
        String silver = work.resolve("lake").resolve(SilverStage.TABLE).toString();
        String campaigns = work.resolve("lake").resolve(Dataset.CAMPAIGNS.bronzePath()).toString();
        String gold = sparkLakeDir.resolve("gold").toString();
        String checkpoint = work.resolve("spark-checkpoint").toString();
        SparkSession spark = SparkPeer.get();

        GoldBench.increment(p, n, 1);
        System.out.println(GoldBench.measure("ours: warm-up increment", p.lake(),
                () -> GoldBench.check(p.gold().run())).line());
        System.out.println(GoldBench.measure("Spark: warm-up increment", sparkLake, () -> {
            try {
                sparkIncrement(spark, silver, gold, campaigns, checkpoint, p.baseVersion() + 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).line());

        GoldBench.increment(p, n, 2);
        GoldBench.Step ours = GoldBench.measure("ours: incremental refresh", p.lake(),
                () -> GoldBench.check(p.gold().run()));
        System.out.println(ours.line());
        GoldBench.Step theirs = GoldBench.measure("Spark: stream + MERGE INTO", sparkLake, () -> {
            try {
                sparkIncrement(spark, silver, gold, campaigns, checkpoint, p.baseVersion() + 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.println(theirs.line());

        StringBuilder diffs = new StringBuilder();
        for (String t : MERGED) {
            diffs.append(compare(p.lake(), sparkLake, t));
        }
        System.out.println(diffs.isEmpty() ? "Spark's Gold tables equal ours, row for row (" + MERGED.size() + " tables)"
                : "DIFFERENCES: " + diffs);
        spark.stop();

        GoldBench.Step full = GoldBench.measure("ours: full recompute (rebuild)", p.lake(),
                () -> GoldBench.check(p.gold().rebuild()));
        System.out.println(full.line());
        System.out.printf(Locale.ROOT, "%nincremental refresh: %.1fx faster than the full recompute, %.1fx faster than"
                        + " Spark's MERGE; bytes rewritten (added + removed): ours %.2f MB, Spark %.2f MB, full %.1f MB%n",
                (double) full.millis() / Math.max(1, ours.millis()), (double) theirs.millis() / Math.max(1, ours.millis()),
                (ours.bytesAdded() + ours.bytesRemoved()) / 1e6, (theirs.bytesAdded() + theirs.bytesRemoved()) / 1e6,
                (full.bytesAdded() + full.bytesRemoved()) / 1e6);
        if (!diffs.isEmpty()) {
            System.exit(1);
        }
    }
}
