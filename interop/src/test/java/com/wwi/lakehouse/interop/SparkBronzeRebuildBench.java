package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.BronzeRebuild;
import com.wwi.lakehouse.landing.LocalLandingStore;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.sample.SampleDataGenerator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

/**
 * The Bronze full refresh against its peer: the store transactions of a generated landing (CSV, 8 columns, 2 % bad
 * records) landed by this project, then rebuilt from the same file ({@link BronzeRebuild}: read, parse, type, check,
 * replace Bronze and the quarantine), next to Spark 4.2 + delta-spark 4.4 (local[2]) doing a Bronze table's full
 * refresh the way a Spark job does: the file read with the schema in PERMISSIVE mode, the two DROP expectations as
 * a filter, the good rows overwriting the Bronze table and the bad ones a quarantine table. Each timed twice, the
 * best kept; Spark's first run (session start, planning) is a warm-up. Run with
 * {@code mvn -q -pl interop exec:exec@bench-bronze-rebuild -Dbench.scale=50} (see BENCHMARKS.md).
 */
public final class SparkBronzeRebuildBench {
    private SparkBronzeRebuildBench() {
    }

    static final StructType STORE_TRANSACTIONS = new StructType()
            .add("ID", DataTypes.StringType).add("WeekStarting", DataTypes.DateType)
            .add("Store", DataTypes.IntegerType).add("Brand", DataTypes.StringType)
            .add("Quantity", DataTypes.IntegerType).add("Advert", DataTypes.IntegerType)
            .add("Price", DataTypes.FloatType).add("Revenue", DataTypes.FloatType)
            .add("_corrupt_record", DataTypes.StringType);

    /** Spark's full refresh of the Bronze table and its quarantine from the file; returns seconds. */
    static double spark(SparkSession spark, Path file, Path lake) {
        long t0 = System.nanoTime();
        org.apache.spark.sql.Dataset<Row> raw = spark.read().schema(STORE_TRANSACTIONS).option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", "_corrupt_record").csv(file.toString())
                .withColumn("_source", input_file_name()).withColumn("_ingested_at", current_timestamp());
        raw.cache();
        String good = "_corrupt_record IS NULL AND WeekStarting IS NOT NULL AND Store IS NOT NULL";
        raw.where(good).drop("_corrupt_record").write().format("delta").mode("overwrite")
                .save(lake.resolve("bronze/sales_trans").toString());
        raw.where("NOT (" + good + ")").withColumn("reason", lit("parse or expectation")).write().format("delta")
                .mode("overwrite").save(lake.resolve("_system/quarantine").toString());
        raw.unpersist();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    /** Heap in use at its highest since the last reset, in MB (the sum of the pools' peaks: an upper bound). */
    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024 * 1024);
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 50;
        Path work = Files.createTempDirectory("bronze-rebuild-bench");
        Path landing = work.resolve("landing");
        SampleDataGenerator.generate(landing, scale, 42, 0.02, null);
        Path file = landing.resolve("store-transactions/dbo.SalesTransData.txt");
        long lines = Files.lines(file).count();
        System.out.printf("store transactions: %,d records, %.1f MB, scale %s, max heap %,d MB%n", lines,
                Files.size(file) / 1e6, args.length > 0 ? args[0] : "50", Runtime.getRuntime().maxMemory() >> 20);

        LocalLandingStore store = new LocalLandingStore(landing);
        double land = Double.MAX_VALUE;
        double rebuild = Double.MAX_VALUE;
        long landHeap = 0;
        long rebuildHeap = 0;
        for (int rep = 0; rep < 2; rep++) {
            Path lake = work.resolve("lake-ours-" + rep);
            try (Pipeline p = Pipeline.open(Settings.local(lake.toString()))) {
                resetPeaks();
                long t0 = System.nanoTime();
                RunResult r = p.bronze().ingestFile(store.file("store-transactions/dbo.SalesTransData.txt"));
                land = Math.min(land, (System.nanoTime() - t0) / 1e9);
                landHeap = Math.max(landHeap, peakHeapMb());
                check(r);
                resetPeaks();
                t0 = System.nanoTime();
                r = new BronzeRebuild(p.lake(), p.eventLog(), Clock.systemUTC(), p.bronze(), List.of(store))
                        .rebuild(Dataset.STORE_TRANSACTIONS, Progress.NONE);
                rebuild = Math.min(rebuild, (System.nanoTime() - t0) / 1e9);
                rebuildHeap = Math.max(rebuildHeap, peakHeapMb());
                check(r);
                if (rep == 0) {
                    System.out.println("ours: " + r.message());
                }
            }
        }
        SparkSession spark = SparkPeer.get();
        spark(spark, file, work.resolve("lake-spark-warmup"));
        double peer = Double.MAX_VALUE;
        for (int rep = 0; rep < 2; rep++) {
            peer = Math.min(peer, spark(spark, file, work.resolve("lake-spark-" + rep)));
        }
        System.out.printf("%-52s %9s %12s %14s%n", "what", "seconds", "records/s", "peak heap MB");
        System.out.printf("%-52s %9.2f %,12.0f %14d%n", "land the file (this project)", land, lines / land, landHeap);
        System.out.printf("%-52s %9.2f %,12.0f %14d%n", "rebuild Bronze from the file (this project)", rebuild,
                lines / rebuild, rebuildHeap);
        System.out.printf("%-52s %9.2f %,12.0f %14s%n", "Spark 4.2 + delta-spark 4.4: read, filter, overwrite", peer,
                lines / peer, "-");
        System.out.printf("rebuild / Spark full refresh: %.1fx the speed%n", peer / rebuild);
        spark.stop();
    }

    private static void check(RunResult r) {
        if (r.status() != RunStatus.COMMITTED) {
            throw new IllegalStateException("not committed: " + r);
        }
    }
}
