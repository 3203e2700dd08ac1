package com.wwi.lakehouse.bench;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.gold.GoldRefresh;
import com.wwi.lakehouse.ingest.BronzeIngest;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.maintenance.TableMaintenance;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.silver.SilverStage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How many files each table holds as it grows: {@code refreshes} Gold refreshes, each after {@code batchesPerRefresh}
 * Event Hub batches of 100 tweets landed in Bronze (a file each) and an increment of Silver tweets spread over the
 * same {@code days} days (the hard case for a table partitioned by date: every refresh adds a
 * small file to every partition), with maintenance (compaction, checkpoints; no VACUUM, which removes only
 * unreferenced files) every {@code maintainEvery} refreshes, as the timers run them (a refresh every 5 minutes,
 * maintenance hourly). Prints, per table, the files at the end, the most seen just before a maintenance run, rows and
 * mean file size. {@code ./lakehouse bench files}; BENCHMARKS.md, "Small files".
 */
public final class FilesBench {
    private FilesBench() {
    }

    /** One table at the end: its files and rows, and the most files it held at any point measured. */
    public record TableFiles(String table, int files, int mostFiles, long rows, long bytes) {
        public String line() {
            return String.format(Locale.ROOT, "%-46s %7d %10d %,12d %12.1f", table, files, mostFiles, rows,
                    files == 0 ? 0.0 : bytes / 1024.0 / files);
        }
    }

    public static final String HEADER = String.format(Locale.ROOT, "%-46s %7s %10s %12s %12s", "table", "files",
            "most files", "rows", "KB per file");

    public static List<TableFiles> run(Path work, int refreshes, int tweetsPerRefresh, int days, int maintainEvery,
                                       int batchesPerRefresh, PrintStream out, Progress progress) {
        Path lakeDir = work.resolve("lake");
        GoldBench.deleteTree(lakeDir);
        Lake lake = DeltaLake.open(lakeDir.toUri().toString());
        EventLog log = new EventLog(lake);
        GoldRefresh gold = new GoldRefresh(lake, log, Clock.systemUTC(), LabGraph.GRAPH);
        TableMaintenance maintenance = new TableMaintenance(lake, log, Clock.systemUTC(),
                MaintenanceOptions.defaults(Settings.local(lakeDir.toString()).maxRowsPerFile())
                        .withRetention(Duration.ofDays(7), false), LabGraph.GRAPH);
        LakeTable silver = lake.table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LakeTable campaigns = lake.table(Dataset.CAMPAIGNS.bronzePath());
        campaigns.createIfAbsent(Dataset.CAMPAIGNS.bronzeSpec());
        Random r = new Random(7);
        campaigns.append(GoldBench.campaigns(r, 2_000), List.of());
        BronzeIngest bronze = new BronzeIngest(lake, log, Clock.systemUTC(), BronzeIngest.DEFAULT_CHUNK_ROWS);
        List<String> events = IngestBench.tweets(100, 7);
        long sequence = 0;
        Map<String, Integer> most = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (Progress.Task task = progress.start("refreshes", refreshes, "refreshes")) {
            for (int k = 1; k <= refreshes; k++) {
                for (int b = 0; b < batchesPerRefresh; b++) { // Event Hub batches of 100 landing meanwhile
                    List<EventBatch.Event> batch = new ArrayList<>(events.size());
                    for (String e : events) {
                        batch.add(new EventBatch.Event(e.getBytes(StandardCharsets.UTF_8), sequence++, "0", null));
                    }
                    bronze.ingestEvents(new EventBatch("bench", "tweets", "$Default", "0", batch));
                }
                GoldBench.appendSilver(silver, new Random(k), (long) k * tweetsPerRefresh, tweetsPerRefresh,
                        Math.max(1, tweetsPerRefresh / 10), GoldBench.START, days);
                GoldBench.check(gold.run());
                if (k % maintainEvery == 0 || k == refreshes) {
                    count(lake, most); // the most: just before maintenance runs
                    maintenance.run();
                }
                task.step();
            }
        }
        log.close();
        List<TableFiles> result = new ArrayList<>();
        for (String t : lake.listTables()) {
            if (t.startsWith("_system")) {
                continue;
            }
            LakeTable table = lake.table(t);
            List<DataFile> files = table.files();
            long rows = files.stream().mapToLong(f -> Math.max(0, f.numRecords())).sum();
            long bytes = files.stream().mapToLong(DataFile::sizeBytes).sum();
            result.add(new TableFiles(t, files.size(), Math.max(files.size(), most.getOrDefault(t, 0)), rows, bytes));
        }
        out.printf(Locale.ROOT, "%d refreshes of %d tweets over %d days, %d Event Hub batches of 100 before each,"
                + " maintenance every %d, in %.1f s%n", refreshes, tweetsPerRefresh, days, batchesPerRefresh,
                maintainEvery, (System.nanoTime() - t0) / 1e9);
        return result;
    }

    private static void count(Lake lake, Map<String, Integer> most) {
        for (String t : lake.listTables()) {
            most.merge(t, lake.table(t).files().size(), Math::max);
        }
    }
}
