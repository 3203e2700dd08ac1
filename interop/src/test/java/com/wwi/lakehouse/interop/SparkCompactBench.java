package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.bench.CompactBench;
import com.wwi.lakehouse.bench.GoldBench;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.progress.Progress;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The peer of the compaction benchmark, side by side in one run: the same landed table (Bronze tweets, many small
 * files) compacted by our {@code maintain}, by the same rewrite into plain Parquet, and by Spark 4.2 + delta-spark
 * 4.4 (local[2]) {@code OPTIMIZE} with its defaults, each on its own copy after a warm-up on a small table. Afterwards
 * Spark's table must hold the same number of rows, read by us. Run with
 * {@code mvn -q -pl interop exec:exec@bench-compact} (see BENCHMARKS.md).
 */
public final class SparkCompactBench {
    private SparkCompactBench() {
    }

    static CompactBench.Result optimize(SparkSession spark, Path source, Path copy) {
        GoldBench.deleteTree(copy);
        GoldBench.copyTree(source, copy);
        LakeTable t = DeltaLake.open(copy.toUri().toString()).table(CompactBench.TABLE);
        List<DataFile> before = t.files();
        long bytes = before.stream().mapToLong(DataFile::sizeBytes).sum();
        long rows = before.stream().mapToLong(DataFile::numRecords).sum();
        long v0 = t.version();
        String path = copy.resolve(CompactBench.TABLE).toString();
        long t0 = System.nanoTime();
        List<Row> metrics = spark.sql("OPTIMIZE delta.`" + path + "`").collectAsList();
        double secs = (System.nanoTime() - t0) / 1e9;
        LakeTable after = DeltaLake.open(copy.toUri().toString()).table(CompactBench.TABLE);
        long count = spark.read().format("delta").load(path).count();
        long[] read = {0};
        after.scan(after.files(), r -> read[0]++);
        if (count != rows || read[0] != rows) {
            throw new IllegalStateException("OPTIMIZE: " + rows + " rows before, " + count + " after by Spark, "
                    + read[0] + " read by us; " + metrics);
        }
        return new CompactBench.Result("Spark OPTIMIZE (delta-spark 4.4, local[2])", secs, bytes, before.size(),
                after.files().size(), rows, (int) (after.version() - v0));
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 1_000;
        int events = args.length > 1 && !args[1].isBlank() ? Integer.parseInt(args[1]) : 16_000;
        Path work = args.length > 2 && !args[2].isBlank() ? Path.of(args[2]) : Files.createTempDirectory("compact-bench");
        System.out.printf(Locale.ROOT, "Compaction benchmark with the Spark OPTIMIZE peer: %,d files of %,d tweets, "
                + "work folder %s%n", files, events, work);
        CompactBench.Prepared p = CompactBench.prepare(work, files, events, System.out, Progress.NONE);
        SparkSession spark = SparkPeer.get();
        optimize(spark, p.warmLake(), work.resolve("warm-spark"));
        List<CompactBench.Result> ours = CompactBench.run(p, work, System.out);
        CompactBench.Result theirs = optimize(spark, p.lake(), work.resolve("spark"));
        GoldBench.deleteTree(work.resolve("spark"));
        System.out.println(theirs.line());
        System.out.printf(Locale.ROOT, "maintain / Spark OPTIMIZE: %.2fx%n",
                ours.get(1).mbPerSecond() / theirs.mbPerSecond());
        spark.stop();
    }
}
