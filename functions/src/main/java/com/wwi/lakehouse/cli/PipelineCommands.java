package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.bench.GoldBench;
import com.wwi.lakehouse.functions.GoldRefreshFunction;
import com.wwi.lakehouse.functions.PipelineHolder;
import com.wwi.lakehouse.functions.SilverCatchUpFunction;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.landing.LandingStores;
import com.wwi.lakehouse.landing.LocalLandingStore;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.sample.SampleDataGenerator;
import com.wwi.lakehouse.sample.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The commands that land data and run the stages: demo, generate, run, refresh, chaos. */
final class PipelineCommands {
    private PipelineCommands() {
    }

    /** The options of the sample data generator, shared by generate and demo. */
    static final class SampleOptions {
        @Option(names = "--scale", paramLabel = "N", description = "How much data: 1 is about 10,000 tweets (default: ${DEFAULT-VALUE}).")
        double scale = 1;
        @Option(names = "--seed", paramLabel = "S", description = "The random seed (default: ${DEFAULT-VALUE}).")
        long seed = 42;
        @Option(names = "--bad-fraction", paramLabel = "F",
                description = "Corrupt this fraction of the records (malformed, mistyped, ...; default: ${DEFAULT-VALUE}).")
        double badFraction;

        SampleOptions(double badFraction) {
            this.badFraction = badFraction;
        }

        void validate(LakehouseCommand c) {
            try {
                SampleDataGenerator.checkScale(scale);
            } catch (IllegalArgumentException e) {
                throw c.usage("--" + e.getMessage());
            }
            try {
                SampleDataGenerator.checkBadFraction(badFraction);
            } catch (IllegalArgumentException e) {
                throw c.usage("--bad-fraction: " + e.getMessage());
            }
        }
    }

    @Command(name = "generate", sortOptions = false,
            header = "Write sample landing files (tweets, campaigns, churn, sales, ...).",
            description = {"Write sample landing files: DIR/tweets/*.json, campaigns/*.csv, churn/*.csv,",
                    "store-transactions/*.txt, sales/*.csv."})
    static final class Generate extends LakehouseCommand {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The landing folder to write.")
        Path dir;
        @picocli.CommandLine.Mixin
        SampleOptions sample = new SampleOptions(0);

        @Override
        void validate() {
            sample.validate(this);
        }

        @Override
        int execute() {
            return generate(dir, sample.scale, sample.seed, sample.badFraction, out);
        }
    }

    static int generate(Path dir, double scale, long seed, double badFraction, PrintStream out) {
        try {
            long t0 = System.nanoTime();
            Summary s = SampleDataGenerator.generate(dir, scale, seed, badFraction, msg -> out.println("  " + msg));
            out.printf("generated %,d tweets, %,d campaigns, %,d churn rows, %,d store transactions, %,d sales rows"
                            + " (%d files, %.1f MB) in %s in %.1f s%n", s.tweets(), s.campaigns(), s.churn(),
                    s.storeTransactions(), s.sales(), s.files().size(), s.bytes() / 1e6, dir, (System.nanoTime() - t0) / 1e9);
            if (s.badTotal() > 0) {
                out.printf("  of which %,d records are deliberately bad (they must end in quarantine)%n", s.badTotal());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("generate: " + e.getMessage());
        } catch (IOException e) {
            throw CliException.failure("generate: cannot write " + dir + ": " + e.getMessage());
        }
    }

    /** The options of a landing run, shared by run and demo. */
    static final class RunOptions {
        @Option(names = "--partitions", paramLabel = "P", description = "Simulated Event Hub partitions, one instance each (default: ${DEFAULT-VALUE}).")
        int partitions = 4;
        @Option(names = "--batch-size", paramLabel = "B", description = "Events per Event Hub batch (default: ${DEFAULT-VALUE}).")
        int batchSize = 500;
        @Option(names = "--verbose", description = "Print what each function logs.")
        boolean verbose;

        void validate(LakehouseCommand c) {
            c.between("--partitions", partitions, 1, 32);
            c.between("--batch-size", batchSize, 1, 100_000);
        }
    }

    @Command(name = "run", sortOptions = false,
            header = "Land a landing folder through the functions, then Silver and Gold.",
            description = {"Land every file through the blob-trigger function and replay tweets/*.json as Event Hub",
                    "batches through the Event Hub function, then the Silver and Gold timers; safe to run again."})
    static final class Run extends LakehouseCommand {
        @Option(names = "--landing", required = true, paramLabel = "DIR", description = "The landing folder (as generate writes it).")
        Path landing;
        @Option(names = "--lake", required = true, paramLabel = "LAKE", description = "The lake: a folder or abfss://...")
        String lake;
        @picocli.CommandLine.Mixin
        RunOptions run = new RunOptions();

        @Override
        void validate() {
            run.validate(this);
            LocalRunner.scan(landing, new ArrayList<>()); // a bad landing folder fails before the lake is touched
        }

        @Override
        int execute() {
            return runPipeline(landing, lake, run, out, progress);
        }
    }

    static int runPipeline(Path landing, String lake, RunOptions run, PrintStream out, Progress progress) {
        long t0 = System.nanoTime();
        Pipeline pipeline = Main.openLake(lake);
        out.println("landing " + landing + " into " + pipeline.lake().root());
        LocalRunner.Outcome o = new LocalRunner(pipeline, out, run.verbose, progress).run(landing, run.partitions, run.batchSize);
        // the timer stages, until caught up
        // a stage that failed (a refused table, say) is a problem of the run: the accounting below still prints
        try {
            new SilverCatchUpFunction().run("{}", new LocalExecutionContext("SilverCatchUp", run.verbose));
        } catch (IllegalStateException e) {
            o.problems.add(e.getMessage());
        }
        try {
            new GoldRefreshFunction().run("{}", new LocalExecutionContext("GoldRefresh", run.verbose));
        } catch (IllegalStateException e) {
            o.problems.add(e.getMessage());
        }
        out.printf("done in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
        List<String> unaccounted = Report.accounting(pipeline, o, out);
        if (!unaccounted.isEmpty()) {
            o.problems.add("records not accounted for in: " + String.join(", ", unaccounted));
        }
        if (!o.problems.isEmpty()) {
            out.println();
            System.err.println("lakehouse: " + o.problems.size() + " problem(s):");
            o.problems.forEach(p -> System.err.println("  " + Main.oneLine(p)));
            return 1;
        }
        return 0;
    }

    @Command(name = "demo", sortOptions = false,
            header = "Generate sample data and run the whole pipeline on it.",
            description = {"Generate sample data and run the whole pipeline on it (default lake demo-data/lake)."})
    static final class Demo extends LakehouseCommand {
        @Option(names = "--lake", paramLabel = "LAKE", description = "The lake (default: ${DEFAULT-VALUE}).")
        String lake = "demo-data/lake";
        @Option(names = "--landing", paramLabel = "DIR", description = "Where to generate the landing files (default: beside the lake).")
        Path landing;
        @picocli.CommandLine.Mixin
        SampleOptions sample = new SampleOptions(0.01);
        @Option(names = "--verbose", description = "Print what each function logs.")
        boolean verbose;

        @Override
        void validate() {
            sample.validate(this);
        }

        @Override
        int execute() {
            Path land = landing != null ? landing : Path.of(lake.contains("://") ? "demo-data/landing"
                    : Path.of(lake).toAbsolutePath().getParent().resolve("landing").toString());
            out.println("generating sample data in " + land);
            generate(land, sample.scale, sample.seed, sample.badFraction, out);
            out.println();
            RunOptions run = new RunOptions();
            run.verbose = verbose;
            int code = runPipeline(land, lake, run, out, progress);
            out.println();
            Report.tables(PipelineHolder.get().lake(), out);
            out.println();
            Report.gold(PipelineHolder.get().lake(), out);
            out.println();
            out.println("next: ./lakehouse status --lake " + lake + "   or the page: ./lakehouse ui --lake " + lake);
            return code;
        }
    }

    @Command(name = "refresh", sortOptions = false, header = "What the timers do: Silver catch-up, then Gold refresh.",
            description = {"What the timers do: the Silver catch-up, then the Gold refresh.",
                    "--full-refresh t1,t2 rebuilds those tables from their inputs instead, in graph order, so what reads",
                    "them follows in the same run: Bronze read again from its landed files (--landing, and each one's",
                    "archive), Silver cleaned and scored again from Bronze, Gold recomputed. --full-refresh-all rebuilds",
                    "every table. Safe while the app's timers and ingestion run. Tables are named as in status:",
                    "bronze/sales_trans, silver/twitter_historical_data, gold/campaign_per_week (or gold.campaign_per_week)."})
    static final class Refresh extends LakehouseCommand {
        @Option(names = "--lake", required = true, paramLabel = "LAKE", description = "The lake: a folder or abfss://...")
        String lake;
        @Option(names = "--full-refresh", split = ",", paramLabel = "TABLE",
                description = "Rebuild these tables from their inputs (comma-separated).")
        List<String> fullRefresh = new ArrayList<>();
        @Option(names = "--full-refresh-all", description = "Rebuild every table from its inputs (Bronze needs --landing).")
        boolean fullRefreshAll;
        @Option(names = "--landing", split = ",", paramLabel = "DIR",
                description = {"Where a Bronze rebuild finds the landed files: landing folders (comma-separated), each with "
                        + "its archive beside it (DIR/../archive). Default in Azure: the app's landing container "
                        + "(LandingStorage) and the archive container."})
        List<Path> landing = new ArrayList<>();
        @Option(names = "--verbose", description = "Print what each function logs.")
        boolean verbose;

        private final Set<String> rebuild = new LinkedHashSet<>();

        @Override
        void validate() {
            if (fullRefreshAll && !fullRefresh.isEmpty()) {
                throw usage("--full-refresh-all rebuilds every table; give it or --full-refresh TABLES, not both");
            }
            if (fullRefreshAll) {
                rebuild.addAll(Pipeline.fullRefreshable(LabGraph.GRAPH));
            }
            for (String t : fullRefresh) {
                String path = Main.tablePath(t);
                if (path.isEmpty()) {
                    throw usage("--full-refresh has an empty table name (tables are comma-separated)");
                }
                try {
                    rebuild.add(Pipeline.checkFullRefreshable(LabGraph.GRAPH, path));
                } catch (IllegalArgumentException e) {
                    throw usage("--full-refresh " + t + ": " + e.getMessage());
                }
            }
            stores = landingStores();
        }

        private List<LandingStore> stores = List.of();

        @Override
        int execute() {
            Main.existingLake("refresh", lake);
            Main.openLake(lake);
            if (!rebuild.isEmpty()) {
                return fullRefresh(stores);
            }
            long t0 = System.nanoTime();
            int failed = 0;
            try {
                new SilverCatchUpFunction().run("{}", new LocalExecutionContext("SilverCatchUp", verbose));
            } catch (IllegalStateException e) {
                System.err.println("lakehouse: refresh: Silver catch-up failed: " + Main.oneLine(e.getMessage()));
                failed++;
            }
            try {
                new GoldRefreshFunction().run("{}", new LocalExecutionContext("GoldRefresh", verbose));
            } catch (IllegalStateException e) {
                System.err.println("lakehouse: refresh: Gold refresh failed: " + Main.oneLine(e.getMessage()));
                failed++;
            }
            out.printf("refreshed Silver and Gold of %s in %.1f s%s%n", lake, (System.nanoTime() - t0) / 1e9,
                    failed == 0 ? "" : "; " + failed + " stage(s) failed");
            return failed == 0 ? 0 : 1;
        }

        /**
         * Where a Bronze rebuild reads the landed files: the --landing folders, else the app's landing container when
         * its settings name one; none when no Bronze table is rebuilt.
         */
        private List<LandingStore> landingStores() {
            boolean bronze = rebuild.stream().anyMatch(t -> Pipeline.isBronze(LabGraph.GRAPH, t));
            if (!landing.isEmpty()) {
                if (!bronze) {
                    throw usage("--landing is where a Bronze rebuild reads landed files, and no Bronze table is rebuilt");
                }
                List<LandingStore> out = new ArrayList<>();
                for (Path p : landing) {
                    if (!Files.isDirectory(p)) {
                        throw usage("--landing " + p + " is not a folder");
                    }
                    out.add(new LocalLandingStore(p));
                }
                return out;
            }
            if (!bronze) {
                return List.of();
            }
            LandingStore configured = LandingStores.fromSettings(System.getenv());
            if (configured == null) {
                throw usage("rebuilding " + rebuild.stream().filter(t -> Pipeline.isBronze(LabGraph.GRAPH, t))
                        .findFirst().orElseThrow() + " reads its landed files: give --landing DIR (the landing folder;"
                        + " its archive is DIR/../archive), or set LandingStorage to the landing container");
            }
            return List.of(configured);
        }

        /** The refresh with the chosen tables rebuilt; one line per table. */
        private int fullRefresh(List<LandingStore> stores) {
            long t0 = System.nanoTime();
            out.println("refresh of " + lake + ", rebuilding " + String.join(", ", rebuild) + " from their inputs"
                    + (stores.isEmpty() ? "" : " (landed files: " + String.join(", ", stores.stream()
                    .map(LandingStore::describe).toList()) + ", and the archive of each)"));
            List<RunResult> runs = PipelineHolder.get().refresh(rebuild, progress, stores);
            int failed = 0;
            for (RunResult r : runs) {
                boolean rebuilt = rebuild.contains(r.table());
                out.printf("  %-46s %-9s %-10s %6.1f s  %s%n", r.table(), rebuilt ? "rebuilt" : "refreshed",
                        r.status().label(), r.durationMs() / 1000.0, r.message() == null ? "" : r.message());
                if (r.failed()) {
                    failed++;
                }
            }
            out.printf("done in %.1f s: %d table(s) rebuilt%s; ./lakehouse verify --lake %s checks Gold%n",
                    (System.nanoTime() - t0) / 1e9, rebuild.size(), failed == 0 ? "" : ", " + failed + " failed (see"
                            + " above and the event log)", lake);
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "chaos", sortOptions = false,
            header = "The fault proof: SIGKILLs, concurrent runs and a soak, audited.",
            description = {"The fault proof: SIGKILLs run, maintain and refresh N times and resumes, runs K processes of",
                    "one landing at once, soaks landings beside maintain, refresh and verify --repair for T s; audits",
                    "each lake (landed = Bronze + quarantined, no duplicates, Silver exact, Gold verified)."})
    static final class Chaos extends LakehouseCommand {
        @Option(names = "--kills", paramLabel = "N", description = "SIGKILLs per kind of work (default: ${DEFAULT-VALUE}).")
        int kills = 10;
        @Option(names = "--concurrent", paramLabel = "K", split = ",",
                description = "Process counts of one landing at once, 2 to 16 (default: 2,4).")
        List<Integer> concurrent = List.of(2, 4);
        @Option(names = "--soak-seconds", paramLabel = "T", description = "How long the soak runs (default: ${DEFAULT-VALUE}).")
        int soak = 120;
        @Option(names = "--scale", paramLabel = "S", description = "Sample data per lake (default: ${DEFAULT-VALUE}).")
        double scale = 0.2;
        @Option(names = "--seed", paramLabel = "X", description = "The random seed (default: ${DEFAULT-VALUE}).")
        long seed = 42;
        @Option(names = "--work", paramLabel = "DIR", description = "Where the lakes go (default: a temporary folder, deleted when every check passed).")
        Path work;

        @Override
        void validate() {
            between("--kills", kills, 0, 1000);
            for (int k : concurrent) {
                if (k < 2 || k > 16) {
                    throw usage("--concurrent takes process counts from 2 to 16 separated by commas, got " + concurrent);
                }
            }
            between("--soak-seconds", soak, 0, 86_400);
            if (!(scale > 0 && scale <= 10)) {
                throw usage("--scale must be in (0, 10], got " + scale);
            }
        }

        @Override
        int execute() {
            try {
                boolean temporary = work == null;
                Path dir = temporary ? Files.createTempDirectory("lakehouse-chaos") : Files.createDirectories(work);
                out.println("chaos in " + dir + (temporary ? " (deleted after when every check passed)" : ""));
                int code = new com.wwi.lakehouse.cli.Chaos(dir, scale, seed, out).run(kills, concurrent, soak);
                if (temporary && code == 0) {
                    GoldBench.deleteTree(dir);
                }
                return code;
            } catch (IOException e) {
                throw CliException.failure("chaos: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.failure("chaos: interrupted");
            }
        }
    }
}
