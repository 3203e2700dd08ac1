package com.wwi.lakehouse.bench;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.lake.delta.ParquetFiles;
import com.wwi.lakehouse.lake.storage.LakeStorage;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.sample.LineSource;
import com.wwi.lakehouse.sample.SampleDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Bronze ingest throughput: Event Hub batches of generated tweets through {@code BronzeIngest.ingestEvents}
 * (parse, type, expectations, Parquet, Delta commit with txn, quarantine, event log), against writing the same
 * rows, in the same batches, to plain Parquet files: each batch's Bronze rows to one file and its quarantined
 * rows to another, exactly the data files the pipeline writes, without parsing, Delta or exactly-once.
 */
public final class IngestBench {
    /** One measurement. */
    public record Result(String what, int batchSize, long events, double seconds, long inputBytes) {
        public double eventsPerSecond() {
            return events / seconds;
        }

        public double mbPerSecond() {
            return inputBytes / 1e6 / seconds;
        }
    }

    private IngestBench() {
    }

    /** Generated tweet JSON lines (the sample generator's, seed fixed), one per event. */
    public static List<String> tweets(int n, long seed) {
        LineSource src = SampleDataset.TWEETS.newSource(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(src.nextLine());
        }
        return out;
    }

    public static long bytes(List<String> lines) {
        long b = 0;
        for (String s : lines) {
            b += s.getBytes(StandardCharsets.UTF_8).length;
        }
        return b;
    }

    public static List<EventBatch> batches(List<String> lines, int batchSize, String partition, long firstSeq) {
        List<EventBatch> out = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += batchSize) {
            List<EventBatch.Event> events = new ArrayList<>();
            for (int i = from; i < Math.min(lines.size(), from + batchSize); i++) {
                events.add(new EventBatch.Event(lines.get(i).getBytes(StandardCharsets.UTF_8), firstSeq + i,
                        String.valueOf(i), Instant.parse("2021-06-27T12:00:00Z").plusMillis(i)));
            }
            out.add(new EventBatch("bench", "tweets", "$Default", partition, events));
        }
        return out;
    }

    /**
     * Lands the lines as batches into a fresh lake under dir; returns the timing. The time includes finishing the
     * background checkpoints the batches queued: that work is part of the ingest, and left running it would slow
     * down the next measurement instead.
     */
    public static Result bronze(Path dir, List<String> lines, int batchSize) {
        try (Pipeline pipeline = Pipeline.open(Settings.local(dir.toString()))) {
            List<EventBatch> batches = batches(lines, batchSize, "0", 0);
            long t0 = System.nanoTime();
            for (EventBatch b : batches) {
                RunResult r = pipeline.ingestEvents(b);
                if (r.failed()) {
                    throw new IllegalStateException("bench batch failed: " + r.message());
                }
            }
            DeltaLake.awaitBackgroundWork();
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Result("bronze (Delta, exactly once)", batchSize, lines.size(), secs, bytes(lines));
        }
    }

    /** One batch's rows as the pipeline wrote them: Bronze rows and quarantined rows. */
    public record Written(List<Object[]> bronze, List<Object[]> quarantine) {
    }

    /** The rows Bronze and quarantine hold for these lines, grouped by the batch their event was in. */
    public static List<Written> writtenBatches(Path lakeDir, int batchSize, int events) {
        DeltaLake lake = DeltaLake.open(lakeDir.toString());
        int n = (events + batchSize - 1) / batchSize;
        List<Written> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Written(new ArrayList<>(), new ArrayList<>()));
        }
        int bronzeOffset = Dataset.TWEETS.bronzeSchema().position("_source_offset");
        int quarantineOffset = SystemTables.QUARANTINE_SCHEMA.position("source_offset");
        for (Object[] r : lake.table(Dataset.TWEETS.bronzePath()).readAll()) {
            out.get((int) ((Long) r[bronzeOffset] / batchSize)).bronze().add(r);
        }
        for (Object[] r : lake.table(SystemTables.QUARANTINE).readAll()) {
            out.get((int) ((Long) r[quarantineOffset] / batchSize)).quarantine().add(r);
        }
        return out;
    }

    /** Writes each batch's Bronze rows and quarantined rows to plain Parquet files, as the pipeline does. */
    public static Result rawParquet(Path dir, List<Written> batches, int batchSize, long events, long inputBytes)
            throws IOException {
        Files.createDirectories(dir);
        var conf = LakeStorage.hadoopConfiguration(dir.toString(), Map.of());
        TableSchema bronze = Dataset.TWEETS.bronzeSchema();
        TableSchema quarantine = SystemTables.QUARANTINE_SCHEMA;
        long t0 = System.nanoTime();
        int i = 0;
        for (Written b : batches) {
            ParquetFiles.write(conf, dir.resolve("bronze-" + i + ".parquet").toUri().toString(), bronze, b.bronze());
            if (!b.quarantine().isEmpty()) {
                ParquetFiles.write(conf, dir.resolve("quarantine-" + i + ".parquet").toUri().toString(), quarantine,
                        b.quarantine());
            }
            i++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Result("raw Parquet (no Delta)", batchSize, events, secs, inputBytes);
    }

    /**
     * The same work without Delta: each batch parsed, typed and checked by the same code, its Bronze rows and
     * quarantined rows written to plain Parquet files; no log, no txn, no checkpoint, no event log.
     */
    public static Result noDelta(Path dir, List<String> lines, int batchSize) throws IOException {
        Files.createDirectories(dir);
        var conf = LakeStorage.hadoopConfiguration(dir.toString(), Map.of());
        TableSchema bronze = Dataset.TWEETS.bronzeSchema();
        TableSchema quarantine = SystemTables.QUARANTINE_SCHEMA;
        try (Pipeline scratch = Pipeline.open(Settings.local(dir.resolve("scratch-lake").toString()))) {
            List<EventBatch> batches = batches(lines, batchSize, "0", 0);
            long t0 = System.nanoTime();
            int i = 0;
            for (EventBatch b : batches) {
                var rows = scratch.bronze().stageOnly(b);
                ParquetFiles.write(conf, dir.resolve("bronze-" + i + ".parquet").toUri().toString(), bronze, rows.bronze());
                if (!rows.quarantine().isEmpty()) {
                    ParquetFiles.write(conf, dir.resolve("quarantine-" + i + ".parquet").toUri().toString(), quarantine,
                            rows.quarantine());
                }
                i++;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Result("same work without Delta", batchSize, lines.size(), secs, bytes(lines));
        }
    }

    /**
     * The lake layer alone: {@code commits} appends of the same 100 typed tweet rows (each with a txn) to one
     * table, with Delta's checkpoint every 10 commits and with checkpoints off, against writing the same rows
     * to plain Parquet files. Shows what the per-commit upkeep of a table of many small files costs.
     */
    public static void appendOnly(Path work, int commits, PrintStream out, Progress progress) throws IOException {
        try (Progress.Task task = progress.start("bench append", 6L * commits, "commits")) {
            appendOnly(work, commits, out, task);
        }
    }

    private static void appendOnly(Path work, int commits, PrintStream out, Progress.Task task) throws IOException {
        List<String> lines = tweets(100, 42);
        List<Object[]> rows;
        try (Pipeline scratch = Pipeline.open(Settings.local(work.resolve("scratch").toString()))) {
            rows = scratch.bronze().stageOnly(batches(lines, 100, "0", 0).get(0)).bronze();
        }
        TableSchema schema = Dataset.TWEETS.bronzeSchema();
        var conf = LakeStorage.hadoopConfiguration(work.toString(), Map.of());
        out.printf("%-42s %8s %12s%n", "what (" + rows.size() + " rows per commit)", "commits", "ms/commit");
        for (String interval : List.of("10", "1000000000")) {
            for (int rep = 0; rep < 2; rep++) { // the first run warms the JIT
                LakeTable t = DeltaLake.open(work.resolve("append-" + interval + "-" + rep).toString()).table("t");
                t.createIfAbsent(TableSpec.of("bench.t", schema)
                        .withProperties(Map.of("delta.checkpointInterval", interval)));
                long t0 = System.nanoTime();
                for (int i = 0; i < commits; i++) {
                    t.append(rows, List.of(new Txn("bench", i)));
                    task.step();
                }
                double ms = (System.nanoTime() - t0) / 1e6 / commits;
                if (rep == 1) {
                    out.printf("%-42s %8d %12.3f%n", interval.equals("10") ? "append, checkpoint every 10 commits"
                            : "append, no checkpoints", commits, ms);
                }
            }
        }
        Path raw = work.resolve("append-raw");
        Files.createDirectories(raw);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < commits; i++) {
                ParquetFiles.write(conf, raw.resolve(rep + "-" + i + ".parquet").toUri().toString(), schema, rows);
                task.step();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e6 / commits);
        }
        out.printf("%-42s %8d %12.3f%n", "raw Parquet file of the same rows", commits, best);
    }

    /**
     * The three variants once on the same lines, each in its own folder under {@code runDir}, which is deleted
     * afterwards (a run of 100,000 events leaves about 100 MB).
     */
    private static List<Result> measureOnce(Path runDir, List<String> lines, long inputBytes, int batchSize) throws IOException {
        try {
            Path lake = runDir.resolve("bronze");
            Result b = bronze(lake, lines, batchSize);
            Result n = noDelta(runDir.resolve("nodelta"), lines, batchSize);
            Result p = rawParquet(runDir.resolve("raw"), writtenBatches(lake, batchSize, lines.size()), batchSize,
                    lines.size(), inputBytes);
            return List.of(b, n, p);
        } finally {
            GoldBench.deleteTree(runDir);
        }
    }

    private static Result best(List<Result> results, String prefix, int bs) {
        return results.stream().filter(r -> r.what().startsWith(prefix) && r.batchSize() == bs)
                .min(Comparator.comparingDouble(Result::seconds)).orElseThrow();
    }

    /** Measured runs per variant and batch size; the best counts (a 2-core machine is noisy). */
    public static final int REPETITIONS = 5;

    /**
     * Runs all three for each batch size (best of {@link #REPETITIONS}), after a warm-up of each at each batch
     * size (the JIT keeps improving the Bronze path for several runs; steady state is what a long-lived host
     * sees); prints a table.
     */
    public static List<Result> run(Path work, int events, int[] batchSizes, PrintStream out, Progress progress)
            throws IOException {
        try (Progress.Task task = progress.start("bench ingest", (3L + REPETITIONS) * batchSizes.length, "runs")) {
            return run(work, events, batchSizes, out, task);
        }
    }

    private static List<Result> run(Path work, int events, int[] batchSizes, PrintStream out, Progress.Task task)
            throws IOException {
        List<String> lines = tweets(events, 42);
        List<String> warm = tweets(Math.min(events, 20_000), 7);
        long linesBytes = bytes(lines);
        long warmBytes = bytes(warm);
        for (int round = 0; round < 3; round++) {
            for (int bs : batchSizes) {
                task.note("warm-up, batch " + bs);
                measureOnce(work.resolve("warmup-" + bs + "-" + round), warm, warmBytes, bs);
                task.step();
            }
        }
        List<Result> results = new ArrayList<>();
        out.printf("%-30s %6s %9s %9s %12s %8s%n", "what", "batch", "events", "seconds", "events/s", "MB/s");
        for (int bs : batchSizes) {
            for (int rep = 0; rep < REPETITIONS; rep++) {
                task.note("batch " + bs);
                results.addAll(measureOnce(work.resolve("run-" + bs + "-" + rep), lines, linesBytes, bs));
                task.step();
            }
            Result b = best(results, "bronze", bs);
            Result n = best(results, "same work", bs);
            Result p = best(results, "raw", bs);
            for (Result r : List.of(b, n, p)) {
                out.printf("%-30s %6d %9d %9.2f %,12.0f %8.2f%n", r.what(), r.batchSize(), r.events(), r.seconds(),
                        r.eventsPerSecond(), r.mbPerSecond());
            }
            out.printf("%-30s %6d %31.0f%%%n", "bronze / same work w/o Delta", bs, 100 * b.eventsPerSecond() / n.eventsPerSecond());
            out.printf("%-30s %6d %31.0f%%%n", "bronze / raw Parquet writes", bs, 100 * b.eventsPerSecond() / p.eventsPerSecond());
        }
        return results;
    }
}
