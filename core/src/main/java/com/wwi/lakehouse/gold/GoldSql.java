package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.graph.Layer;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Gold tables as Spark SQL, for a full refresh on a distributed engine (Databricks, Synapse, Fabric, any Spark
 * with delta-spark) when a table outgrows one function run: each lab query over its declared inputs, as the interop
 * test {@code GoldSparkSqlTest} checks them against our computations, and {@link #script} that writes them into the
 * lake with the pipeline's own txn convention, so the Gold timer carries on from Spark's result.
 *
 * <p>Only the tables whose inputs are Bronze or Silver are exported: the two small Gold tables computed from other
 * Gold tables ({@code sentiment_campaign_analytics}, {@code campaign_sentiment_weekly}) are recomputed by the next
 * Gold refresh from what Spark wrote.
 */
public final class GoldSql {
    /** Each exportable Gold table's query; inputs are views named by their path ({@code bronze/x} is {@code bronze_x}). */
    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("gold/twitter_historical_data", "SELECT * FROM silver_twitter_historical_data");
        QUERIES.put("gold/country_wise_revenue", """
                SELECT Country AS country, Region AS region, round(sum(Revenue), 2) AS total_revenue,
                       round(sum(Revenue_Target), 2) AS total_revenue_target, round(sum(Profit), 2) AS total_profit,
                       max(Cost) AS max_cost, min(Cost) AS min_cost
                FROM bronze_campaign_data GROUP BY Country, Region""");
        QUERIES.put("gold/campaign_per_week", """
                SELECT Campaign_Name AS campaign_name, w.start AS window_start, w.end AS window_end, count
                FROM (SELECT Campaign_Name, window(CampDate, '1 week') AS w, count(*) AS count
                      FROM bronze_campaign_data GROUP BY Campaign_Name, window(CampDate, '1 week'))""");
        QUERIES.put("gold/total_profit_by_country_per_week", """
                SELECT w.start AS window_start, w.end AS window_end, country, total_profit
                FROM (SELECT window(CampDate, '7 days') AS w, Country AS country, sum(Profit) AS total_profit
                      FROM bronze_campaign_data GROUP BY window(CampDate, '7 days'), Country)""");
        QUERIES.put("gold/top_loss_making_campaign", """
                SELECT Campaign_Name AS campaign_name, Profit AS profit, 1 AS loss_count
                FROM bronze_campaign_data WHERE Profit < 0""");
        QUERIES.put("gold/sales_train", """
                SELECT * FROM (SELECT *, percent_rank() OVER (ORDER BY WeekStarting) AS rank FROM bronze_sales_trans)
                WHERE rank <= 0.8""");
        QUERIES.put("gold/sales_test", """
                SELECT * FROM (SELECT *, percent_rank() OVER (ORDER BY WeekStarting) AS rank FROM bronze_sales_trans)
                WHERE rank > 0.8""");
        QUERIES.put("gold/twitter_historical_hashtag_data",
                "SELECT hashtag, count(*) AS count FROM silver_twitter_historical_data GROUP BY hashtag");
        QUERIES.put("gold/twitter_historical_retweetcount_data",
                "SELECT sum(retweetcount) AS retweetcount FROM silver_twitter_historical_data");
        QUERIES.put("gold/twitter_historical_city_hashtagcount_data",
                "SELECT city, hashtag, count(*) AS count FROM silver_twitter_historical_data GROUP BY city, hashtag");
        QUERIES.put("gold/hashtag_sentiment_weekly", """
                SELECT h AS hashtag, w.start AS window_start, w.end AS window_end,
                       tweets, positive, negative, neutral, score_sum_e9, retweets
                FROM (SELECT lower(replace(hashtag, '#', '')) AS h, window(date, '1 week') AS w, count(*) AS tweets,
                             count_if(mlsentiment = 'Positive') AS positive,
                             count_if(mlsentiment = 'Negative') AS negative,
                             count(*) - count_if(mlsentiment IN ('Positive', 'Negative')) AS neutral,
                             sum(CAST(coalesce(mlsentiment_score, 0.5D) * 1e9 AS BIGINT)) AS score_sum_e9,
                             coalesce(sum(retweetcount), 0L) AS retweets
                      FROM silver_twitter_historical_data GROUP BY 1, 2)""");
        QUERIES.put("silver/sales_rank_data",
                "SELECT *, percent_rank() OVER (ORDER BY WeekStarting) AS rank FROM bronze_sales_trans");
    }

    private GoldSql() {
    }

    /** The Spark SQL query of a Gold table over its inputs' views, if it has one. */
    public static Optional<String> query(String path) {
        return Optional.ofNullable(QUERIES.get(path));
    }

    /** The view name of an input table in the queries: its path with '/' as '_'. */
    public static String view(String path) {
        return path.replace('/', '_');
    }

    /**
     * The script: for each of {@code tables} (graph order) that has a query, its inputs read at their versions now
     * ({@code VERSION AS OF}), the txn the Gold refresh records set as Delta's idempotent-write confs
     * ({@code spark.databricks.delta.write.txnAppId = gold/<table>}, {@code txnVersion} = the packed input versions,
     * as {@link GoldRefresh} packs them), then {@code INSERT OVERWRITE} of the table with its columns cast to the
     * table's types. Delta skips a write whose txn version the table already records: a table already at these
     * inputs is left as it is, and running the script twice writes once.
     *
     * @param skipped gets one line per table left out, with why
     */
    public static String script(Lake lake, PipelineGraph graph, List<String> tables, Instant now,
                                Consumer<String> skipped) {
        StringBuilder sb = new StringBuilder();
        sb.append("-- The Gold tables of ").append(lake.root()).append(" as Spark SQL (Spark 3.4+ with delta-spark, ")
                .append("Databricks, Synapse, Fabric).\n-- Written by ./lakehouse export-sql at ").append(now)
                .append(", with the inputs pinned at their versions then. Each INSERT OVERWRITE\n-- records the")
                .append(" txn the pipeline's Gold refresh records (gold/<table> = the packed input versions),\n-- so")
                .append(" the Gold timer carries on incrementally from Spark's result; a table that already\n-- records")
                .append(" these versions is skipped by Delta. Run ./lakehouse verify afterwards.\n")
                .append("SET spark.sql.session.timeZone = UTC;\n") // weeks and dates as the pipeline computes them
                .append("SET spark.sql.sources.partitionOverwriteMode = static;\n");
        Set<String> viewed = new LinkedHashSet<>();
        List<String> body = new ArrayList<>();
        for (TableNode d : graph.gold()) {
            if (!tables.contains(d.path())) {
                continue;
            }
            String q = QUERIES.get(d.path());
            if (q == null) {
                skipped.accept(d.path() + ": computed from " + String.join(", ", d.inputs())
                        + (d.inputs().stream().anyMatch(i -> graph.table(i).map(n -> n.layer() == Layer.GOLD).orElse(false))
                        ? "; the next Gold refresh recomputes it from what Spark wrote" : "; it has no Spark SQL"));
                continue;
            }
            long packed = 0;
            List<String> pins = new ArrayList<>();
            for (String in : d.inputs()) {
                LakeTable t = lake.table(in);
                long v = t.version();
                if (v < 0) {
                    throw new IllegalStateException(in + " does not exist yet in " + lake.root() + "; run the pipeline"
                            + " (./lakehouse run or the app) before exporting");
                }
                packed = GoldRefresh.pack(packed, v);
                pins.add(in + "@" + v);
                if (viewed.add(in + "@" + v)) {
                    sb.append("CREATE OR REPLACE TEMPORARY VIEW ").append(view(in)).append(" AS SELECT * FROM delta.`")
                            .append(t.location()).append("` VERSION AS OF ").append(v).append(";\n");
                }
            }
            LakeTable gold = lake.table(d.path());
            if (!gold.exists()) {
                throw new IllegalStateException(d.path() + " does not exist yet in " + lake.root() + "; run"
                        + " ./lakehouse refresh once so the pipeline creates it with its schema and partitioning");
            }
            body.add("\n-- " + d.path() + " from " + String.join(", ", pins) + "\n"
                    + "SET spark.databricks.delta.write.txnAppId = " + GoldRefresh.appId(d) + ";\n"
                    + "SET spark.databricks.delta.write.txnVersion = " + packed + ";\n"
                    + "INSERT OVERWRITE delta.`" + gold.location() + "`\n" + select(d, q) + ";\n");
        }
        body.forEach(sb::append);
        sb.append("\nRESET spark.databricks.delta.write.txnAppId;\nRESET spark.databricks.delta.write.txnVersion;\n");
        return sb.toString();
    }

    /** The query with its columns in the table's order, each cast to the table's type. */
    private static String select(TableNode d, String query) {
        List<String> cols = new ArrayList<>();
        for (Column c : d.schema().columns()) {
            cols.add("CAST(q.`" + c.name() + "` AS " + sparkType(c) + ") AS `" + c.name() + "`");
        }
        return "SELECT " + String.join(", ", cols) + "\nFROM (" + query.strip() + ") AS q";
    }

    private static String sparkType(Column c) {
        return switch (c.type()) {
            case STRING -> "STRING";
            case INT -> "INT";
            case LONG -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case DECIMAL -> "DECIMAL(" + c.precision() + "," + c.scale() + ")";
            case BINARY -> "BINARY";
        };
    }

    /** The Gold tables of the graph that have Spark SQL, in graph order. */
    public static List<String> exportable(PipelineGraph graph) {
        return graph.gold().stream().map(TableNode::path).filter(QUERIES::containsKey).toList();
    }
}
