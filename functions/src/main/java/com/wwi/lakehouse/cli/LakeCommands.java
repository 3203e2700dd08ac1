package com.wwi.lakehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.ingest.BronzeRebuild;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.view.Page;
import com.wwi.lakehouse.view.PipelineView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The commands that read or look after an existing lake: status, ui, verify, maintain. */
final class LakeCommands {
    private static final ObjectMapper JSON_OUT = new ObjectMapper();

    private LakeCommands() {
    }

    @Command(name = "status", sortOptions = false,
            header = "Tables (version, files, rows) and the latest runs.",
            description = {"Every table with version, files and rows, and the latest runs.",
                    "--json prints them as one JSON document (with each table's last run and freshness)."})
    static final class Status extends LakehouseCommand {
        @Option(names = "--lake", required = true, paramLabel = "LAKE", description = "The lake: a folder or abfss://...")
        String lake;
        @Option(names = "--runs", paramLabel = "N", description = "How many recent runs to list (default: ${DEFAULT-VALUE}).")
        int runs = 15;
        @Option(names = "--json", description = "One JSON document instead of text.")
        boolean json;

        @Override
        void validate() {
            between("--runs", runs, 1, 10_000);
        }

        @Override
        int execute() {
            Lake l = Main.existingLake("status", lake);
            if (json) {
                out.println(json(l).toPrettyString());
                return 0;
            }
            out.println("lake " + l.root());
            out.println();
            int refused = Report.tables(l, out);
            String quarantine = Report.quarantineLine(l);
            if (quarantine != null) {
                out.println(quarantine.replace("LAKE", lake));
            }
            List<String> interrupted = interruptedRebuilds(l);
            for (String t : interrupted) {
                out.println("! " + t + ": a rebuild was killed between its two commits (the quarantine's records are"
                        + " replaced, the Bronze rows not yet): run ./lakehouse refresh --lake " + lake
                        + " --full-refresh " + t + " again");
            }
            out.println();
            Report.runs(l, runs, out);
            return refused == 0 && interrupted.isEmpty() ? 0 : 1;
        }

        /** The Bronze tables whose rebuild was killed between its two commits ({@link BronzeRebuild#interrupted}). */
        private static List<String> interruptedRebuilds(Lake l) {
            return Main.graph().landings().stream().map(n -> n.dataset())
                    .filter(d -> BronzeRebuild.interrupted(l, d)).map(d -> d.bronzePath()).toList();
        }

        private ObjectNode json(Lake l) {
            ObjectNode view = new PipelineView(l, l.root(), Main.graph(), Clock.systemUTC()).build();
            ObjectNode doc = JSON_OUT.createObjectNode();
            doc.put("lake", l.root());
            doc.set("generatedAt", view.get("generatedAt"));
            ArrayNode tables = doc.putArray("tables");
            for (JsonNode n : view.get("nodes")) {
                if (!n.get("kind").asText().equals("table") || !n.get("exists").asBoolean()) {
                    continue;
                }
                ObjectNode t = tables.addObject();
                for (String k : List.of("id", "layer", "follows", "declared", "version", "lastCommit", "rows", "files",
                        "bytes", "protocol", "partitionBy", "lastRun", "freshness")) {
                    if (n.has(k)) {
                        t.set(k.equals("id") ? "table" : k, n.get(k));
                    }
                }
            }
            ArrayNode interrupted = doc.putArray("interruptedRebuilds");
            interruptedRebuilds(l).forEach(interrupted::add);
            ArrayNode recent = doc.putArray("runs");
            for (JsonNode r : view.get("runs")) {
                if (recent.size() >= runs) {
                    break;
                }
                recent.add(r);
            }
            return doc;
        }
    }

    @Command(name = "ui", sortOptions = false,
            header = "The pipeline page: lineage, data quality, quarantine, runs, Gold report.",
            description = {"The pipeline page: lineage graph (rows, version, last run, freshness per table), data quality,",
                    "quarantine, runs and the Gold report. Served read-only on http://127.0.0.1:PORT/, or written",
                    "with --out as one self-contained HTML file that requests nothing when opened."})
    static final class Ui extends LakehouseCommand {
        @Option(names = "--lake", required = true, paramLabel = "LAKE", description = "The lake: a folder or abfss://...")
        String lake;
        @Option(names = "--port", paramLabel = "P", description = "The port to serve on (default 8080; 0 picks a free one).")
        Integer port;
        @Option(names = "--bind", paramLabel = "ADDRESS", description = "The address to serve on (default 127.0.0.1; 0.0.0.0 serves other hosts).")
        String bind;
        @Option(names = "--out", paramLabel = "FILE.html", description = "Write the page to this file instead of serving it.")
        Path file;

        @Override
        void validate() {
            if (file != null && (port != null || bind != null)) {
                throw usage("--out writes a file; --port and --bind are for serving the page");
            }
            if (port != null) {
                between("--port", port, 0, 65_535);
            }
        }

        @Override
        int execute() {
            String address = bind == null ? "127.0.0.1" : bind;
            InetAddress inet;
            try {
                inet = InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                throw usage("--bind must be an address of this machine, got '" + address + "'");
            }
            Lake l = Main.existingLake("ui", lake);
            Supplier<String> page = () -> Page.render(new PipelineView(l, l.root(), Main.graph(), Clock.systemUTC()).build());
            if (file != null) {
                return write(page);
            }
            int p = port == null ? 8080 : port;
            UiServer server;
            try {
                server = new UiServer(inet, p, page);
            } catch (IOException e) {
                throw CliException.failure("ui: cannot listen on " + address + ":" + p + ": " + e.getMessage()
                        + (p != 0 ? " (another --port?)" : ""));
            }
            if (!inet.isLoopbackAddress()) {
                out.println("ui: serving on " + address + ": other hosts can read this page (read-only)");
            }
            try {
                server.serveForever(out, "http://" + (inet.isAnyLocalAddress() ? "127.0.0.1" : address) + ":"
                        + server.port() + "/");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        private int write(Supplier<String> page) {
            long t0 = System.nanoTime();
            String html = page.get();
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, html);
            } catch (IOException e) {
                throw CliException.failure("ui: cannot write " + file + ": " + e.getMessage());
            }
            out.printf("wrote %s (%,d bytes, read in %.2f s); open it in a browser: it requests nothing%n", file,
                    html.getBytes(StandardCharsets.UTF_8).length, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    @Command(name = "verify", sortOptions = false,
            header = "Check every Gold table against a from-scratch recomputation.",
            description = {"Recompute every Gold table from scratch, from the input versions it consumed, and compare it",
                    "with the table in the lake; lists differing rows, exit 1 if any."})
    static final class Verify extends LakehouseCommand {
        @Option(names = "--lake", required = true, paramLabel = "LAKE", description = "The lake: a folder or abfss://...")
        String lake;
        @Option(names = "--repair", description = "Rebuild the differing tables from their inputs, then verify again.")
        boolean repair;
        @Option(names = "--json", description = "Print the verdicts as one JSON document (same exit code).")
        boolean json;

        @Override
        void validate() {
            if (json && repair) {
                throw usage("--json reports, --repair changes tables: run them one after the other");
            }
        }

        @Override
        int execute() {
            if (json) {
                return json(Main.existingLake("verify", lake));
            }
            Verdicts found = verifyAndPrint(Main.existingLake("verify", lake), out, progress);
            List<String> differing = found.toRebuild();
            if (differing.isEmpty() || !repair) {
                return found.pass() ? 0 : 1;
            }
            Pipeline pipeline = Main.openLake(lake, false);
            out.println();
            out.println("repairing: rebuilding " + String.join(", ", differing) + " from scratch from their inputs as they are now");
            for (RunResult r : pipeline.gold().rebuild(differing::contains)) {
                out.printf("  %-46s %-10s %,9d rows  version %d%s%n", r.table(), r.status(), r.rowsWritten(), r.tableVersion(),
                        r.message() == null ? "" : "  (" + r.message() + ")");
            }
            out.println();
            return verifyAndPrint(pipeline.lake(), out, progress).pass() ? 0 : 1;
        }

        private int json(Lake l) {
            List<GoldVerify.Result> results = GoldVerify.verify(l, LabGraph.GRAPH, progress);
            ObjectNode doc = JSON_OUT.createObjectNode();
            doc.put("lake", lake);
            boolean ok = true;
            ArrayNode tables = doc.putArray("tables");
            for (GoldVerify.Result r : results) {
                ObjectNode t = tables.addObject().put("table", r.table()).put("status", r.status());
                if (r.verdict() == GoldVerify.Verdict.REFUSED) {
                    t.put("message", r.inputVersions());
                    ok = false;
                    continue;
                }
                t.put("inputVersions", r.inputVersions()).put("rows", r.rows()).put("expectedRows", r.expectedRows())
                        .put("missingCount", r.missingCount()).put("unexpectedCount", r.unexpectedCount());
                r.missing().forEach(t.putArray("missing")::add);
                r.unexpected().forEach(t.putArray("unexpected")::add);
                ok &= r.ok() && r.verdict() != GoldVerify.Verdict.UNVERIFIABLE && r.verdict() != GoldVerify.Verdict.REFUSED;
            }
            doc.put("ok", ok);
            out.println(doc.toPrettyString());
            return ok ? 0 : 1;
        }
    }

    /** What verify found: tables to rebuild (they differ or could not be checked), and tables refused (left alone). */
    record Verdicts(List<String> toRebuild, int refused) {
        boolean pass() {
            return toRebuild.isEmpty() && refused == 0;
        }
    }

    /** Verifies every Gold table, prints the report, and returns what it found. */
    static Verdicts verifyAndPrint(Lake lake, PrintStream out, com.wwi.lakehouse.progress.Progress progress) {
        out.println("verifying Gold in " + lake.root() + " against a from-scratch recomputation");
        List<GoldVerify.Result> results = GoldVerify.verify(lake, LabGraph.GRAPH, progress);
        out.printf("%-48s %-14s %9s %9s  %s%n", "table", "status", "rows", "expected", "inputs consumed");
        List<String> differing = new ArrayList<>();
        int notRefreshed = 0;
        List<String> unverifiable = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (GoldVerify.Result r : results) {
            if (r.verdict() == GoldVerify.Verdict.REFUSED) {
                out.printf("%-48s %-14s %9s %9s  %s%n", r.table(), r.status(), "-", "-", "(see below)");
                refused.add(r.inputVersions());
                continue;
            }
            out.printf("%-48s %-14s %9d %9d  %s%n", r.table(), r.status(), r.rows(), r.expectedRows(),
                    r.inputVersions());
            if (!r.ok()) {
                differing.add(r.table());
                r.missing().forEach(row -> out.println("    missing    " + row));
                if (r.missingCount() > r.missing().size()) {
                    out.println("    ... " + (r.missingCount() - r.missing().size()) + " more missing");
                }
                r.unexpected().forEach(row -> out.println("    unexpected " + row));
                if (r.unexpectedCount() > r.unexpected().size()) {
                    out.println("    ... " + (r.unexpectedCount() - r.unexpected().size()) + " more unexpected");
                }
            } else if (r.verdict() == GoldVerify.Verdict.NOT_REFRESHED) {
                notRefreshed++;
            } else if (r.verdict() == GoldVerify.Verdict.UNVERIFIABLE) {
                unverifiable.add(r.table());
            }
        }
        out.println();
        refused.forEach(m -> out.println("refused: " + Main.oneLine(m)));
        if (!unverifiable.isEmpty()) {
            // not a difference, and not a pass: the check could not be made
            out.println(unverifiable.size() + " Gold table(s) could not be verified: a VACUUM deleted the files of the"
                    + " input versions they consumed (after a compaction); ./lakehouse refresh moves them on, then"
                    + " verify again");
        }
        if (!differing.isEmpty()) {
            out.println(differing.size() + " Gold table(s) differ from their recomputation"
                    + " (./lakehouse verify --repair rebuilds them)");
        } else if (!unverifiable.isEmpty()) {
            out.println("the other refreshed Gold tables equal their recomputation");
        } else {
            out.println("all refreshed Gold tables equal their recomputation"
                    + (notRefreshed > 0 ? " (" + notRefreshed + " not refreshed yet: the GoldRefresh timer or ./lakehouse run refreshes them)" : ""));
        }
        if (!refused.isEmpty() && differing.isEmpty() && unverifiable.isEmpty()) {
            out.println("(" + refused.size() + " Gold table(s) refused, not verified)");
        }
        differing.addAll(unverifiable); // exit 1: unchecked is not a pass (--repair rebuilds them at today's inputs)
        return new Verdicts(differing, refused.size());
    }

    @Command(name = "maintain", sortOptions = false,
            header = "Compact, VACUUM and checkpoint every table.",
            description = {"Compact small files, VACUUM data files unreferenced for longer than the retention and",
                    "checkpoint, every table; prints files before and after, files vacuumed and bytes freed per table."})
    static final class Maintain extends LakehouseCommand {
        @Option(names = "--lake", required = true, paramLabel = "LAKE", description = "The lake: a folder or abfss://...")
        String lake;
        @Option(names = "--retention-hours", paramLabel = "H",
                description = "Keep unreferenced files younger than H hours (default ${DEFAULT-VALUE}; at least 1 unless --force).")
        double hours = MaintenanceOptions.DEFAULT_RETENTION.toHours();
        @Option(names = "--force", description = "Allow a retention below the minimum (it can break readers of old versions).")
        boolean force;

        private MaintenanceOptions options;

        @Override
        void validate() {
            if (!(hours >= 0) || Double.isInfinite(hours)) {
                throw usage("--retention-hours must be zero or more, got " + hours);
            }
            try {
                // a person running it wants every table done: no time budget worth the name
                options = MaintenanceOptions.defaults(Settings.local(lake).maxRowsPerFile())
                        .withRetention(Duration.ofMillis(Math.round(hours * 3_600_000d)), force)
                        .withTimeBudget(Duration.ofDays(1));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage() + " (--force)");
            }
        }

        @Override
        int execute() {
            Main.existingLake("maintain", lake);
            Pipeline pipeline = Main.openLake(lake, false);
            out.println("maintaining " + pipeline.lake().root() + ": compaction of small files, VACUUM of unreferenced"
                    + " data files older than " + MaintenanceOptions.hours(options.retention()) + " hours, checkpoints");
            return Report.maintenance(pipeline.maintenance(options).run(progress), out);
        }
    }
}
