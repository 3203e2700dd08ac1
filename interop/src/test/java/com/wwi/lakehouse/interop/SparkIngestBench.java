package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.bench.IngestBench;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

/**
 * The peer of the Bronze ingest benchmark: Spark 4.2 + delta-spark 4.4 (local[2]) appending the same
 * micro-batches of tweet JSON to a Delta table, each batch parsed with the tweet schema, the valid_city rows
 * dropped, and written with an idempotent txn (txnAppId/txnVersion), as a Spark micro-batch job would. Our
 * Bronze ingest runs in the same JVM on the same batches for the ratio. Run with
 * {@code mvn -q -pl interop exec:exec@bench-ingest} (see BENCHMARKS.md).
 */
public final class SparkIngestBench {
    private SparkIngestBench() {
    }

    static final StructType TWEET = new StructType()
            .add("time", DataTypes.TimestampType).add("hashtag", DataTypes.StringType)
            .add("tweet", DataTypes.StringType).add("city", DataTypes.StringType)
            .add("username", DataTypes.StringType).add("retweetcount", DataTypes.IntegerType)
            .add("favouritecount", DataTypes.IntegerType).add("sentiment", DataTypes.StringType)
            .add("sentimentscore", DataTypes.createDecimalType(10, 0)).add("isretweet", DataTypes.IntegerType)
            .add("hourofday", DataTypes.StringType).add("language", DataTypes.StringType);

    static double spark(SparkSession spark, Path table, List<String> lines, int batchSize) {
        long t0 = System.nanoTime();
        int batch = 0;
        for (int from = 0; from < lines.size(); from += batchSize) {
            List<String> part = lines.subList(from, Math.min(lines.size(), from + batchSize));
            Dataset<Row> df = spark.read().schema(TWEET).json(spark.createDataset(part, Encoders.STRING()))
                    .where(col("city").isNotNull())
                    .withColumn("_source", lit("eventhub:tweets/0"))
                    .withColumn("_ingested_at", current_timestamp());
            df.write().format("delta").mode("append").option("txnAppId", "bench").option("txnVersion", batch++)
                    .save(table.toString());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path work = Files.createTempDirectory("spark-bench");
        SparkSession spark = SparkPeer.get();
        List<String> warm = IngestBench.tweets(2000, 7);
        spark(spark, work.resolve("warmup"), warm, 100);
        List<String> warmOurs = IngestBench.tweets(20_000, 7); // our path keeps speeding up for several runs
        for (int round = 0; round < 3; round++) {
            IngestBench.bronze(work.resolve("warmup-ours-100-" + round), warmOurs, 100);
            IngestBench.bronze(work.resolve("warmup-ours-1000-" + round), warmOurs, 1000);
        }
        System.out.printf("%-34s %6s %8s %9s %12s %8s%n", "what", "batch", "events", "seconds", "events/s", "MB/s");
        List<String[]> ratios = new ArrayList<>();
        for (int bs : new int[]{100, 1000}) {
            List<String> lines = IngestBench.tweets(bs * batches, 42);
            double mb = IngestBench.bytes(lines) / 1e6;
            double s = spark(spark, work.resolve("spark-" + bs), lines, bs);
            double o = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                o = Math.min(o, IngestBench.bronze(work.resolve("ours-" + bs + "-" + rep), lines, bs).seconds());
            }
            System.out.printf("%-34s %6d %8d %9.2f %,12.0f %8.2f%n", "Spark 4.2 + delta-spark 4.4 append", bs,
                    lines.size(), s, lines.size() / s, mb / s);
            System.out.printf("%-34s %6d %8d %9.2f %,12.0f %8.2f%n", "bronze ingest (this project)", bs,
                    lines.size(), o, lines.size() / o, mb / o);
            ratios.add(new String[]{String.valueOf(bs), String.format("%.1f", s / o)});
        }
        for (String[] r : ratios) {
            System.out.printf("bronze ingest / Spark micro-batch append, batch %s: %sx%n", r[0], r[1]);
        }
        spark.stop();
    }
}
