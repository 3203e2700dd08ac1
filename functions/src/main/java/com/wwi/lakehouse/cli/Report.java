package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.ingest.Quarantine;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.HistoryEntry;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.maintenance.TableReport;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.silver.SilverStage;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What {@code status}, {@code maintain} and the end of {@code run} print. */
final class Report {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Report() {
    }

    private static boolean readable(LakeTable t) {
        try {
            t.files();
            return true;
        } catch (TableRefusedException e) {
            return false;
        }
    }

    static long rows(LakeTable t) {
        long n = 0;
        for (DataFile f : t.files()) {
            n += Math.max(0, f.numRecords());
        }
        return n;
    }

    /**
     * Per dataset, the quarantined records still unresolved ({@code [0]}) and those a replay landed in Bronze since
     * ({@code [1]}, counted in Bronze): landed = Bronze + unresolved quarantine.
     */
    static Map<String, long[]> quarantinedByDataset(Lake lake) {
        Map<String, long[]> out = new HashMap<>();
        for (Quarantine.Entry e : Quarantine.read(lake, Quarantine.Filter.ALL)) {
            out.computeIfAbsent(e.record().dataset(), k -> new long[2])[e.resolved() ? 1 : 0]++;
        }
        return out;
    }

    /** The quarantine in one line: records, unresolved, resolved by a replay; null when there is none. */
    static String quarantineLine(Lake lake) {
        long[] all = new long[2];
        quarantinedByDataset(lake).values().forEach(c -> {
            all[0] += c[0];
            all[1] += c[1];
        });
        if (all[0] + all[1] == 0) {
            return null;
        }
        return String.format("quarantine: %,d records, %,d unresolved, %,d resolved by a replay (./lakehouse quarantine"
                + " list --lake LAKE)", all[0] + all[1], all[0], all[1]);
    }

    /**
     * Every table, in the order of the declared graph (Bronze, Silver, Gold, system: each after its inputs) with its
     * layer and how it follows its inputs, then any table of the lake the graph does not declare.
     */
    static int tables(Lake lake, PrintStream out) {
        out.printf("%-47s %-7s %-9s %8s %6s %12s %10s  %s%n", "table", "layer", "follows", "version", "files", "rows",
                "MB", "last commit (UTC)");
        Set<String> present = new LinkedHashSet<>(lake.listTables());
        List<String> refused = new ArrayList<>();
        for (TableNode node : LabGraph.GRAPH.tables()) {
            if (present.remove(node.path())) {
                row(lake, node.path(), node.layer().label(), node.follows().name().toLowerCase(Locale.ROOT),
                        out, refused);
            }
        }
        for (String other : present) {
            row(lake, other, "-", "not in the graph", out, refused);
        }
        refused.forEach(r -> out.println("  refused: " + r));
        return refused.size();
    }

    /** One table's line; a table that cannot be read (a feature we cannot honour) says so and the rest go on. */
    private static void row(Lake lake, String name, String layer, String follows, PrintStream out, List<String> refused) {
        try {
            row(lake, name, layer, follows, out);
        } catch (TableRefusedException e) {
            out.printf("%-47s %-7s %-9s %8s  refused (see below)%n", name, layer, follows, "-");
            refused.add(Main.oneLine(e.getMessage()));
        }
    }

    private static void row(Lake lake, String name, String layer, String follows, PrintStream out) {
        LakeTable t = lake.table(name);
        List<DataFile> files = t.files();
        long rows = 0;
        long bytes = 0;
        for (DataFile f : files) {
            rows += Math.max(0, f.numRecords());
            bytes += f.sizeBytes();
        }
        List<HistoryEntry> h = t.history(1);
        String last = h.isEmpty() ? "" : TIME.format(h.get(0).timestamp()) + " " + h.get(0).operation();
        out.printf("%-47s %-7s %-9s %8d %6d %,12d %10.2f  %s%n", name, layer, follows, t.version(), files.size(), rows,
                bytes / 1e6, last);
    }

    /**
     * The end of {@code run}: per dataset, the records this run read and what became of them (new in Bronze,
     * quarantined, already landed by an earlier delivery, in rejected files), checked to add up; then what the
     * lake holds. Returns the datasets whose records do not add up (none when every record is accounted for).
     */
    static List<String> accounting(Pipeline pipeline, LocalRunner.Outcome outcome, PrintStream out) {
        List<String> unaccounted = new ArrayList<>();
        out.printf("%-20s %10s %10s %11s %13s %10s  %s%n", "dataset", "records", "new bronze", "quarantined",
                "landed before", "rejected", "records = bronze + quarantined + landed before + rejected");
        for (Map.Entry<Dataset, LocalRunner.Tally> e : outcome.datasets.entrySet()) {
            LocalRunner.Tally t = e.getValue();
            long before = t.duplicate + t.alreadyLanded;
            long missing = t.records - t.accounted();
            String check = missing == 0 ? "yes" : "NO: " + Math.abs(missing) + " records "
                    + (missing > 0 ? "not landed (see the problems below)" : "counted twice");
            if (missing != 0) {
                unaccounted.add(e.getKey().folder());
            }
            out.printf("%-20s %,10d %,10d %,11d %,13d %,10d  %s%n", e.getKey().folder(), t.records, t.written,
                    t.quarantined, before, t.inRejectedFiles, check);
        }
        for (Map.Entry<Dataset, LocalRunner.Tally> e : outcome.datasets.entrySet()) {
            LocalRunner.Tally t = e.getValue();
            if (t.records > 0 && t.written + t.quarantined == 0 && t.rejectedFiles == 0 && t.accounted() == t.records) {
                out.printf("  %s: nothing new, every record was landed before (a redelivery)%n", e.getKey().folder());
            }
            for (String r : t.rejections) {
                out.println("  rejected file " + r);
            }
        }
        Map<String, long[]> quarantined = quarantinedByDataset(pipeline.lake());
        out.printf("%nthe lake now holds:%n");
        for (Dataset d : outcome.datasets.keySet()) {
            try {
                long[] q = quarantined.getOrDefault(d.folder(), new long[2]);
                // a record a replay landed is a Bronze row now: not counted again as quarantined
                out.printf("  %-45s %,12d rows, %,d quarantined%s%n", d.bronzePath(),
                        rows(pipeline.lake().table(d.bronzePath())), q[0],
                        q[1] == 0 ? "" : String.format(" (and %,d replayed into Bronze)", q[1]));
            } catch (TableRefusedException e) {
                out.printf("  %-45s refused (see the problems below)%n", d.bronzePath());
            }
        }
        pipeline.silver().filter(s -> readable(s.table())).ifPresent(s -> {
            Map<String, Long> byLabel = new TreeMap<>();
            int label = s.table().schema().names().indexOf("mlsentiment");
            // a label may be NULL (a row another engine inserted): counted, not a crash
            s.table().scan(s.table().files(), r -> byLabel.merge(r[label] == null ? "NULL" : (String) r[label], 1L, Long::sum));
            long total = byLabel.values().stream().mapToLong(Long::longValue).sum();
            out.printf("  %-45s %,12d campaign tweets scored %s%n", SilverStage.TABLE, total, byLabel);
        });
        return unaccounted;
    }

    /** A glance at the Gold tables an analyst opens first. */
    static void gold(Lake lake, PrintStream out) {
        LakeTable revenue = lake.table("gold/country_wise_revenue");
        if (revenue.exists()) {
            out.println("gold/country_wise_revenue:");
            out.printf("  %-12s %-26s %14s %14s%n", "country", "region", "total_revenue", "total_profit");
            for (Object[] r : revenue.readAll()) {
                out.printf("  %-12s %-26s %,14.2f %,14.2f%n", r[0], r[1], r[2] == null ? 0.0 : (Double) r[2],
                        r[4] == null ? 0.0 : (Double) r[4]);
            }
        }
        LakeTable analytics = lake.table("gold/sentiment_campaign_analytics");
        if (analytics.exists()) {
            Map<String, Long> byTag = new TreeMap<>();
            for (Object[] r : analytics.readAll()) {
                byTag.merge(String.valueOf(r[1]).toLowerCase(), (Long) r[2], Long::sum);
            }
            out.println("gold/sentiment_campaign_analytics (campaign tweets by hashtag): " + byTag);
        }
    }

    /** The per-table summary of {@code maintain}; 1 when a table failed. */
    static int maintenance(List<TableReport> reports, PrintStream out) {
        out.printf("%-48s %7s %7s %10s %9s %10s %11s  %s%n", "table", "files", "after", "compacted", "vacuumed",
                "MB freed", "checkpoint", "status");
        int compacted = 0;
        int written = 0;
        int vacuumed = 0;
        long freed = 0;
        int failed = 0;
        for (TableReport r : reports) {
            out.printf("%-48s %7d %7d %10s %9d %10.2f %11s  %s%n", r.table(), r.filesBefore(), r.filesAfter(),
                    r.filesCompacted() == 0 ? "0" : r.filesCompacted() + "->" + r.filesWritten(), r.filesVacuumed(),
                    r.bytesVacuumed() / 1e6, r.checkpointVersion() < 0 ? "-" : String.valueOf(r.checkpointVersion()),
                    r.run().status());
            if (r.failed() || r.run().message().contains("lost a race")) {
                out.println("    " + r.run().message());
            }
            compacted += r.filesCompacted();
            written += r.filesWritten();
            vacuumed += r.filesVacuumed();
            freed += r.bytesVacuumed();
            failed += r.failed() ? 1 : 0;
        }
        out.printf("%n%d tables: %,d small files compacted into %,d, %,d files vacuumed (%,d bytes freed)%s%n",
                reports.size(), compacted, written, vacuumed, freed, failed > 0 ? "; " + failed + " failed" : "");
        return failed > 0 ? 1 : 0;
    }

    static void runs(Lake lake, int limit, PrintStream out) {
        List<RunResult> runs = EventLog.latestRuns(lake, limit);
        if (runs.isEmpty()) {
            out.println("no runs yet");
            return;
        }
        out.printf("%-19s %-16s %-10s %8s %8s %6s %8s  %s%n", "started (UTC)", "stage", "status", "in", "written",
                "quar.", "version", "source / message");
        for (RunResult r : runs) {
            String msg = r.message() == null ? "" : " — " + r.message();
            out.printf("%-19s %-16s %-10s %,8d %,8d %,6d %8d  %s%s%n", TIME.format(r.startedAt()), r.stage(), r.status(),
                    r.rowsIn(), r.rowsWritten(), r.rowsQuarantined(), r.tableVersion(),
                    r.source(), msg);
        }
    }
}
