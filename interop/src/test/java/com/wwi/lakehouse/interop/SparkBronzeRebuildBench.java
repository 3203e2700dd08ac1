package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Expectation;
import com.wwi.lakehouse.datasets.Format;
import com.wwi.lakehouse.lake.Column;
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

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

/**
 * The Bronze full refresh against its peer: the store transactions and the churn file of a generated landing (CSV,
 * 2 % bad records) each landed by this project, then rebuilt from the same file ({@link BronzeRebuild}: read, parse,
 * type, check, replace Bronze and the quarantine), next to Spark 4.2 + delta-spark 4.4 (local[2]) doing a Bronze
 * table's full refresh the way a Spark job does: the file read with the dataset's schema in PERMISSIVE mode, its
 * DROP expectations as a filter, the good rows overwriting the Bronze table and the bad ones a quarantine table. Each timed twice, the
 * best kept; Spark's first run (session start, planning) is a warm-up. Run with
 * {@code mvn -q -pl interop exec:exec@bench-bronze-rebuild -Dbench.scale=50} (see BENCHMARKS.md).
 */
public final class SparkBronzeRebuildBench {
    private SparkBronzeRebuildBench() {
    }

    /** The dataset's source columns as Spark types, and the corrupt-record column. */
    static StructType schema(Dataset d) {
        StructType t = new StructType();
        for (Column c : d.sourceSchema().columns()) {
            t = t.add(c.name(), switch (c.type()) {
                case STRING -> DataTypes.StringType;
                case INT -> DataTypes.IntegerType;
                case LONG -> DataTypes.LongType;
                case FLOAT -> DataTypes.FloatType;
                case DOUBLE -> DataTypes.DoubleType;
                case BOOLEAN -> DataTypes.BooleanType;
                case DATE -> DataTypes.DateType;
                case TIMESTAMP -> DataTypes.TimestampType;
                case DECIMAL -> DataTypes.createDecimalType(c.precision(), c.scale());
                case BINARY -> DataTypes.BinaryType;
            });
        }
        return t.add("_corrupt_record", DataTypes.StringType);
    }

    /**
     * Spark's full refresh of the dataset's Bronze table and its quarantine from the file, the DROP expectations as
     * the filter; returns seconds.
     */
    static double spark(SparkSession spark, Dataset d, Path file, Path lake) {
        long t0 = System.nanoTime();
        org.apache.spark.sql.Dataset<Row> raw = spark.read().schema(schema(d)).option("mode", "PERMISSIVE")
                .option("header", d.format() == Format.CSV_WITH_HEADER)
                .option("columnNameOfCorruptRecord", "_corrupt_record").csv(file.toString())
                .withColumn("_source", input_file_name()).withColumn("_ingested_at", current_timestamp());
        raw.cache();
        String good = "_corrupt_record IS NULL" + String.join("", d.expectations().stream()
                .filter(e -> e.action() == Expectation.Action.DROP).map(e -> " AND (" + e.constraint() + ")").toList());
        raw.where(good).drop("_corrupt_record").write().format("delta").mode("overwrite")
                .save(lake.resolve(d.bronzePath()).toString());
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
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path work = Files.createTempDirectory("bronze-rebuild-bench");
        Path landing = work.resolve("landing");
        SampleDataGenerator.generate(landing, scale, 42, 0.02, null);
        for (Dataset d : List.of(Dataset.STORE_TRANSACTIONS, Dataset.CHURN)) {
            repeat(landing.resolve(new LocalLandingStore(landing).list(d.folder() + "/").get(0)), copies,
                    d.format() == Format.CSV_WITH_HEADER);
        }
        LocalLandingStore store = new LocalLandingStore(landing);
        SparkSession spark = SparkPeer.get();
        System.out.printf("scale %s, %d cop%s of each file, max heap %,d MB%n", args.length > 0 ? args[0] : "50",
                copies, copies == 1 ? "y" : "ies", Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("%-22s %9s %7s %-44s %8s %11s %8s%n", "dataset", "records", "MB", "what", "seconds",
                "records/s", "heap MB");
        for (Dataset d : List.of(Dataset.STORE_TRANSACTIONS, Dataset.CHURN)) {
            String path = store.list(d.folder() + "/").get(0);
            Path file = landing.resolve(path);
            long lines = 0;
            for (byte b : Files.readAllBytes(file)) { // lines: some bad records are not UTF-8
                lines += b == '\n' ? 1 : 0;
            }
            lines -= d.format() == Format.CSV_WITH_HEADER ? 1 : 0;
            double land = Double.MAX_VALUE;
            double rebuild = Double.MAX_VALUE;
            long landHeap = 0;
            long rebuildHeap = 0;
            for (int rep = 0; rep < 2; rep++) {
                Path lake = work.resolve("lake-ours-" + d.folder() + "-" + rep);
                try (Pipeline p = Pipeline.open(Settings.local(lake.toString()))) {
                    resetPeaks();
                    long t0 = System.nanoTime();
                    check(p.bronze().ingestFile(store.file(path)));
                    land = Math.min(land, (System.nanoTime() - t0) / 1e9);
                    landHeap = Math.max(landHeap, peakHeapMb());
                    resetPeaks();
                    t0 = System.nanoTime();
                    RunResult r = new BronzeRebuild(p.lake(), p.eventLog(), Clock.systemUTC(), p.bronze(),
                            List.of(store)).rebuild(d, Progress.NONE);
                    rebuild = Math.min(rebuild, (System.nanoTime() - t0) / 1e9);
                    rebuildHeap = Math.max(rebuildHeap, peakHeapMb());
                    check(r);
                }
            }
            spark(spark, d, file, work.resolve("lake-spark-warmup-" + d.folder()));
            double peer = Double.MAX_VALUE;
            for (int rep = 0; rep < 2; rep++) {
                peer = Math.min(peer, spark(spark, d, file, work.resolve("lake-spark-" + d.folder() + "-" + rep)));
            }
            double mb = Files.size(file) / 1e6;
            String row = "%-22s %,9d %7.1f %-44s %8.2f %,11.0f %8s%n";
            System.out.printf(row, d.bronzePath(), lines, mb, "land the file (this project)", land, lines / land,
                    landHeap);
            System.out.printf(row, "", lines, mb, "rebuild Bronze from it (this project)", rebuild, lines / rebuild,
                    rebuildHeap);
            System.out.printf(row, "", lines, mb, "Spark 4.2 + delta-spark 4.4 full refresh", peer, lines / peer, "-");
            System.out.printf("%-22s rebuild / Spark full refresh: %.1fx the speed%n", "", peer / rebuild);
        }
        spark.stop();
    }

    /** The file's records {@code copies} times over in one file (the generator caps a dataset's size). */
    private static void repeat(Path file, int copies, boolean header) throws IOException {
        if (copies <= 1) {
            return;
        }
        byte[] all = Files.readAllBytes(file);
        int bodyFrom = 0;
        if (header) {
            while (all[bodyFrom] != '\n') {
                bodyFrom++;
            }
            bodyFrom++;
        }
        try (var out = new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.APPEND))) {
            for (int i = 1; i < copies; i++) {
                out.write(all, bodyFrom, all.length - bodyFrom);
            }
        }
    }

    private static void check(RunResult r) {
        if (r.status() != RunStatus.COMMITTED) {
            throw new IllegalStateException("not committed: " + r);
        }
    }
}
