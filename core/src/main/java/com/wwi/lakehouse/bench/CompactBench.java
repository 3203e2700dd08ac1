package com.wwi.lakehouse.bench;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.BronzeIngest;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.lake.delta.ParquetFiles;
import com.wwi.lakehouse.lake.storage.LakeStorage;
import com.wwi.lakehouse.maintenance.Compaction;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.maintenance.TableMaintenance;
import com.wwi.lakehouse.maintenance.TableReport;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.EventLog;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compaction against its limits ({@code ./lakehouse bench compact}): {@code bronze/twitter_historical_data} landed as
 * {@code files} Event Hub batches (a small file each, as the trigger leaves it), then compacted three ways on copies of
 * the same table: our {@code maintain} (the product's default options, run after run until nothing is left to
 * compact: row groups copied, not rows rewritten), the same merges without Delta (the same bins and runs into plain
 * files: no statistics, no log, no checkpoint), and for reference the row path (the same bins read row by row and
 * written again, as compaction did before). The
 * Spark peer ({@code OPTIMIZE}) runs on a third copy from the interop module. Each contestant first compacts a small
 * warm-up table of its own. MB/s is the input's Parquet bytes over the wall time.
 */
public final class CompactBench {
    private CompactBench() {
    }

    /** The table compacted. */
    public static final String TABLE = Dataset.TWEETS.bronzePath();

    /** The prepared lakes: the measured one and the warm-up one, both never changed after preparation. */
    public record Prepared(Path lake, Path warmLake, int files, long rows, long bytes) {
    }

    /** One contestant's result. */
    public record Result(String name, double seconds, long bytesIn, int filesIn, int filesOut, long rows, int commits) {
        public double mbPerSecond() {
            return bytesIn / 1e6 / seconds;
        }

        public String line() {
            return String.format(Locale.ROOT, "%-40s %8.1f s %9.1f MB/s %7d -> %-6d files %,12d rows %5d commits",
                    name, seconds, mbPerSecond(), filesIn, filesOut, rows, commits);
        }
    }

    /**
     * Lands {@code files} Event Hub batches of {@code eventsPerFile} generated tweets into a new lake under
     * {@code work/prepared} (and 20 into {@code work/warm}), unless a preparation of the same size is already there.
     */
    public static Prepared prepare(Path work, int files, int eventsPerFile, PrintStream out, Progress progress) {
        Path lakeDir = work.resolve("prepared");
        Path warmDir = work.resolve("warm");
        Path marker = work.resolve("prepared-" + files + "x" + eventsPerFile);
        if (!Files.exists(marker)) {
            GoldBench.deleteTree(lakeDir);
            GoldBench.deleteTree(warmDir);
            long t0 = System.nanoTime();
            land(warmDir, 20, eventsPerFile, Progress.NONE);
            land(lakeDir, files, eventsPerFile, progress);
            out.printf(Locale.ROOT, "landed %,d batches of %,d tweets in %.1f s%n", files, eventsPerFile,
                    (System.nanoTime() - t0) / 1e9);
            try {
                Files.writeString(marker, "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        LakeTable t = DeltaLake.open(lakeDir.toUri().toString()).table(TABLE);
        List<DataFile> snapshot = t.files();
        Prepared p = new Prepared(lakeDir, warmDir, snapshot.size(), snapshot.stream().mapToLong(DataFile::numRecords).sum(),
                snapshot.stream().mapToLong(DataFile::sizeBytes).sum());
        out.printf(Locale.ROOT, "%s: %,d files, %,d rows, %.1f MB (%.2f MB a file)%n", TABLE, p.files(), p.rows(),
                p.bytes() / 1e6, p.bytes() / 1e6 / Math.max(1, p.files()));
        return p;
    }

    private static void land(Path lakeDir, int batches, int eventsPerFile, Progress progress) {
        Lake lake = DeltaLake.open(lakeDir.toUri().toString());
        EventLog log = new EventLog(lake);
        BronzeIngest bronze = new BronzeIngest(lake, log, Clock.systemUTC(), BronzeIngest.DEFAULT_CHUNK_ROWS);
        List<byte[]> tweets = IngestBench.tweets(eventsPerFile, 11).stream()
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        long sequence = 0;
        try (Progress.Task task = progress.start("landing", batches, "batches")) {
            for (int b = 0; b < batches; b++) {
                List<EventBatch.Event> batch = new ArrayList<>(tweets.size());
                for (byte[] e : tweets) {
                    batch.add(new EventBatch.Event(e, sequence, Long.toString(sequence), null));
                    sequence++;
                }
                bronze.ingestEvents(new EventBatch("bench", "tweets", "$Default", "0", batch));
                task.step();
            }
        }
        log.close();
    }

    /** The product's maintenance options for a lake at {@code location}. */
    static MaintenanceOptions options() {
        return MaintenanceOptions.defaults(DeltaLake.DEFAULT_MAX_ROWS_PER_FILE);
    }

    /**
     * Our {@code maintain} of {@link #TABLE} in a copy of {@code source} at {@code copy}: maintenance runs one after
     * another (each as the timer runs it) until one compacts nothing; checks that every row is still there.
     */
    public static Result ours(Path source, Path copy) {
        GoldBench.deleteTree(copy);
        GoldBench.copyTree(source, copy);
        Lake lake = DeltaLake.open(copy.toUri().toString());
        LakeTable t = lake.table(TABLE);
        List<DataFile> before = t.files();
        long rows = before.stream().mapToLong(DataFile::numRecords).sum();
        long bytes = before.stream().mapToLong(DataFile::sizeBytes).sum();
        EventLog log = new EventLog(lake);
        TableMaintenance maintenance = new TableMaintenance(lake, log, Clock.systemUTC(), options());
        long v0 = t.version();
        long t0 = System.nanoTime();
        while (true) {
            TableReport r = maintenance.maintain(TABLE);
            if (r.failed()) {
                throw new IllegalStateException("maintain failed: " + r.run().message());
            }
            if (r.filesCompacted() == 0) {
                break;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        log.close();
        int commits = (int) (t.version() - v0);
        List<DataFile> after = t.files();
        long rowsAfter = after.stream().mapToLong(DataFile::numRecords).sum();
        long[] read = {0};
        t.scan(after, r -> read[0]++);
        if (rowsAfter != rows || read[0] != rows) {
            throw new IllegalStateException("maintain lost rows: " + rows + " before, " + rowsAfter + " in the stats and "
                    + read[0] + " read after");
        }
        return new Result("maintain (compaction, Delta)", secs, bytes, before.size(), after.size(), rows, commits);
    }

    /**
     * The same work without Delta: the bins our compaction plans for {@code source}'s table, pass after pass, each
     * cut into the same runs and merged the same way (row groups copied) into plain Parquet files in {@code outDir}.
     */
    public static Result raw(Path source, Path outDir) {
        return plain(source, outDir, false);
    }

    /**
     * The row path, for reference: the same bins read row by row with the table's reader and written as plain
     * Parquet files of at most the lake's rows per file (what compaction did before it merged row groups).
     */
    public static Result rawRows(Path source, Path outDir) {
        return plain(source, outDir, true);
    }

    private static Result plain(Path source, Path outDir, boolean rows) {
        GoldBench.deleteTree(outDir);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LakeTable t = DeltaLake.open(source.toUri().toString()).table(TABLE);
        List<DataFile> left = new ArrayList<>(t.files());
        int filesIn = left.size();
        long bytes = left.stream().mapToLong(DataFile::sizeBytes).sum();
        var conf = LakeStorage.hadoopConfiguration(outDir.toString(), Map.of());
        var schema = t.schema();
        Compaction compaction = new Compaction(options());
        long cap = options().targetRowsPerFile();
        String root = t.location().endsWith("/") ? t.location() : t.location() + "/";
        int written = 0;
        long rowsWritten = 0;
        long t0 = System.nanoTime();
        try {
            while (true) {
                Compaction.Plan plan = compaction.plan(left);
                if (plan.isEmpty()) {
                    break;
                }
                if (rows) {
                    List<Object[]> read = new ArrayList<>((int) plan.rows());
                    t.scan(plan.files(), read::add);
                    for (int from = 0; from < read.size(); from += (int) cap) {
                        List<Object[]> chunk = read.subList(from, (int) Math.min(read.size(), from + cap));
                        ParquetFiles.write(conf, outDir.resolve("part-" + written++ + ".parquet").toUri().toString(),
                                schema, chunk);
                        rowsWritten += chunk.size();
                    }
                } else {
                    for (List<DataFile> run : compaction.mergeRuns(plan)) {
                        if (run.size() < 2) {
                            continue;
                        }
                        long n = run.stream().mapToLong(DataFile::numRecords).sum();
                        ParquetFiles.merge(conf, run.stream().map(f -> root + f.path()).toList(),
                                outDir.resolve("part-" + written++ + ".parquet").toUri().toString(), n);
                        rowsWritten += n;
                    }
                }
                Set<String> done = new HashSet<>();
                plan.files().forEach(f -> done.add(f.path()));
                left.removeIf(f -> done.contains(f.path()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Result(rows ? "row rewrite, plain Parquet (the old path)" : "the same merge, plain Parquet (no Delta)",
                secs, bytes, filesIn, written + left.size(), rowsWritten, 0);
    }

    /** Ours and the raw rewrite, each after its warm-up, printed side by side; returns both. */
    public static List<Result> run(Prepared p, Path work, PrintStream out) {
        ours(p.warmLake(), work.resolve("warm-ours"));
        raw(p.warmLake(), work.resolve("warm-raw"));
        rawRows(p.warmLake(), work.resolve("warm-raw"));
        Result raw = raw(p.lake(), work.resolve("raw"));
        GoldBench.deleteTree(work.resolve("raw"));
        Result ours = ours(p.lake(), work.resolve("ours"));
        GoldBench.deleteTree(work.resolve("ours"));
        Result rows = rawRows(p.lake(), work.resolve("raw"));
        GoldBench.deleteTree(work.resolve("raw"));
        out.println(raw.line());
        out.println(ours.line());
        out.println(rows.line());
        out.printf(Locale.ROOT, "maintain / the same merge without Delta: %.0f %%%n",
                100 * ours.mbPerSecond() / raw.mbPerSecond());
        return List.of(raw, ours, rows);
    }
}
