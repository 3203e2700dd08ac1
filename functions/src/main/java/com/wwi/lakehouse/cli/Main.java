package com.wwi.lakehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.bench.GoldBench;
import com.wwi.lakehouse.bench.IngestBench;
import com.wwi.lakehouse.bench.UiBench;
import com.wwi.lakehouse.functions.GoldRefreshFunction;
import com.wwi.lakehouse.functions.PipelineHolder;
import com.wwi.lakehouse.functions.SilverCatchUpFunction;
import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.sample.SampleDataGenerator;
import com.wwi.lakehouse.sample.Summary;
import com.wwi.lakehouse.sentiment.DefaultSentimentModel;
import com.wwi.lakehouse.sentiment.custom.SentimentModels;
import com.wwi.lakehouse.sentiment.eval.Evaluation;
import com.wwi.lakehouse.sentiment.head.HeadTrainer;
import com.wwi.lakehouse.sentiment.training.TrainSentiment;
import com.wwi.lakehouse.silver.CampaignFilter;
import com.wwi.lakehouse.silver.LazyScorer;
import com.wwi.lakehouse.silver.TweetCleaner;
import com.wwi.lakehouse.view.Page;
import com.wwi.lakehouse.view.PipelineView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code ./lakehouse <command> [options]}; see {@link #USAGE}. */
public final class Main {
    static final String USAGE = """
            usage: ./lakehouse <command> [options]

              demo     [--lake LAKE] [--landing DIR] [--scale N] [--seed S] [--bad-fraction F]
                       generate sample data and run the whole pipeline on it (default lake demo-data/lake)
              generate --out DIR [--scale N] [--seed S] [--bad-fraction F]
                       write sample landing files: DIR/tweets/*.json, campaigns/*.csv, churn/*.csv,
                       store-transactions/*.txt, sales/*.csv (--scale 1 is about 10,000 tweets);
                       --bad-fraction 0.05 corrupts 5% of the records (malformed, mistyped, ...)
              run      --landing DIR --lake LAKE [--partitions P] [--batch-size B] [--verbose]
                       land every file through the blob-trigger function and replay tweets/*.json as
                       Event Hub batches through the Event Hub function; safe to run again
              refresh  --lake LAKE
                       what the timers do: the Silver catch-up, then the Gold refresh
              chaos    [--kills N] [--concurrent K,...] [--soak-seconds T] [--scale S] [--seed X] [--work DIR]
                       the fault proof: SIGKILLs run, maintain and refresh N times (default 10) and resumes,
                       runs K processes of one landing at once (default 2,4), soaks landings beside
                       maintain, refresh and verify --repair for T s (default 120); audits each lake
                       (landed = Bronze + quarantined, no duplicates, Silver exact, Gold verified)
              status   --lake LAKE [--runs N] [--json]
                       every table with version, files and rows, and the latest runs; --json prints
                       them as one JSON document (with each table's last run and freshness)
              ui       --lake LAKE [--port P] [--bind ADDRESS] | ui --lake LAKE --out FILE.html
                       the pipeline page: lineage graph (rows, version, last run, freshness per table),
                       data quality, quarantine, runs and the Gold report; served read-only on
                       http://127.0.0.1:P/ (default 8080; --bind 0.0.0.0 to serve other hosts), or
                       written as one self-contained HTML file that requests nothing when opened
              verify   --lake LAKE [--repair | --json]
                       recompute every Gold table from scratch, from the input versions it consumed,
                       and compare it with the table in the lake; lists differing rows, exit 1 if any;
                       --repair rebuilds the differing tables from their inputs, then verifies again;
                       --json prints the verdicts as one JSON document (same exit code)
              maintain --lake LAKE [--retention-hours H] [--force]
                       compact small files, VACUUM data files unreferenced for longer than H hours
                       (default 168, at least 1 unless --force) and checkpoint, every table; prints
                       files before and after, files vacuumed and bytes freed per table
              bench    ingest [--events N] [--work DIR]  |  bench append [--commits N] [--work DIR]
                       |  bench sentiment [--tweets N]
                       Bronze ingest of Event Hub batches of 100 and 1,000 tweets against the same
                       work without Delta and raw Parquet writes (events/s, MB/s); the Spark peer
                       runs with: mvn -q -pl interop exec:exec@bench-ingest (after mvn -q install -DskipTests)
                       |  bench gold [--rows N] [--increment F] [--work DIR]
                       Gold brought up to date after an increment of F (default 0.01) of a Silver
                       of N rows (default 1,000,000): incremental refresh vs full recompute, time
                       and bytes rewritten; the Spark MERGE peer: mvn -q -pl interop exec:exec@bench-gold
                       |  bench ui [--tables T] [--commits C] [--runs R] --work DIR
                       the pipeline page on a lake of T tables (default 20) of C commits each (10,000) and
                       an event log of R rows (1,000,000), built once in DIR; read + render, three times
              train-sentiment [--data DIR] [--out FILE]
                       fetch the labeled sentences (npm), evaluate leave-one-source-out, train the
                       sentiment head with DJL on PyTorch on all of them and write its parameters
              eval-sentiment [--data DIR]
                       the leave-one-source-out accuracy table: model, AFINN and VADER baselines
              send     --namespace NS --hub HUB [--file F]... [--connection-string CS]
                       publish tweet JSON lines (files or folders of *.json; stdin when no --file) to a
                       real Event Hub, in batches filled to the hub's size limit; signs in with
                       azure-identity (az login) unless a connection string is given

            The lake is a local folder or abfss://<container>@<account>.dfs.core.windows.net/<path>.
            """;

    private static final ObjectMapper JSON_OUT = new ObjectMapper();

    private Main() {
    }

    /**
     * Library loggers that speak up on their own in front of our one-line errors: msal4j warns at every managed
     * identity probe, Hadoop's FileSystem and the Azure SDK log the failure we report anyway. A -D flag still wins.
     */
    private static void quietLibraries() {
        for (String[] p : new String[][]{{"com.microsoft.aad.msal4j", "off"}, {"com.azure", "error"}, {"com.azure.identity", "off"}, {"com.azure.core.amqp", "off"}, {"com.azure.messaging.eventhubs", "off"},
                {"org.apache.hadoop.fs.FileSystem", "error"}, {"org.apache.hadoop.fs.azurebfs", "error"},
                {"ai.djl.util.cuda.CudaUtils", "error"}, {"org.apache.hadoop.util.NativeCodeLoader", "error"}}) {
            String key = "org.slf4j.simpleLogger.log." + p[0];
            if (System.getProperty(key) == null) {
                System.setProperty(key, p[1]);
            }
        }
    }

    public static void main(String[] args) {
        quietLibraries();
        int code;
        try {
            code = run(Arrays.asList(args), System.out);
            PipelineHolder.closeIfOpen();
        } catch (CliException e) {
            System.err.println("lakehouse: " + e.getMessage());
            code = e.exitCode;
        } catch (LakeException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("lakehouse: " + oneLine(e.getMessage()));
            debug(e);
            code = 1;
        } catch (Exception | Error e) { // RuntimeExceptions, and checked ones libraries throw undeclared
            System.err.println("lakehouse: unexpected " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
                    + " (set LAKEHOUSE_DEBUG=1 for the stack trace)");
            debug(e);
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static void debug(Throwable e) {
        if (System.getenv("LAKEHOUSE_DEBUG") != null) {
            e.printStackTrace();
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String first = s.strip().lines().findFirst().orElse("");
        return first.length() > 500 ? first.substring(0, 500) + "..." : first;
    }

    /** Runs a command; returns the exit code. Throws {@link CliException} for user errors. */
    static int run(List<String> argv, PrintStream out) {
        if (argv.isEmpty() || argv.get(0).equals("help") || argv.get(0).equals("--help") || argv.get(0).equals("-h")) {
            out.print(USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        String command = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        return switch (command) {
            case "generate" -> generate(new Args(command, rest, Set.of("out", "scale", "seed", "bad-fraction"), Set.of()), out);
            case "run" -> runCommand(new Args(command, rest, Set.of("landing", "lake", "partitions", "batch-size"),
                    Set.of("verbose")), out);
            case "demo" -> demo(new Args(command, rest, Set.of("lake", "landing", "scale", "seed", "bad-fraction"),
                    Set.of("verbose")), out);
            case "refresh" -> refresh(new Args(command, rest, Set.of("lake"), Set.of("verbose")), out);
            case "chaos" -> chaos(new Args(command, rest, Set.of("kills", "concurrent", "soak-seconds", "scale", "seed", "work"),
                    Set.of()), out);
            case "status" -> status(new Args(command, rest, Set.of("lake", "runs"), Set.of("json")), out);
            case "ui" -> ui(new Args(command, rest, Set.of("lake", "port", "out", "bind"), Set.of()), out);
            case "verify" -> verify(new Args(command, rest, Set.of("lake"), Set.of("repair", "json")), out);
            case "maintain" -> maintain(new Args(command, rest, Set.of("lake", "retention-hours"), Set.of("force")), out);
            case "bench" -> bench(rest, out);
            case "train-sentiment" -> sentiment(new Args(command, rest, Set.of("data", "out"), Set.of()), true, out);
            case "eval-sentiment" -> sentiment(new Args(command, rest, Set.of("data"), Set.of()), false, out);
            case "send" -> send(new Args(command, rest, Set.of("namespace", "hub", "file", "connection-string"), Set.of()), out);
            default -> throw CliException.usage("unknown command '" + command + "'; commands: demo, generate, run, refresh, chaos, status, ui, verify, maintain, bench, train-sentiment, eval-sentiment, send"
                    + " (./lakehouse help)");
        };
    }

    private static int generate(Args a, PrintStream out) {
        Path dir = Path.of(a.required("out"));
        return generate(dir, a.number("scale", 1), a.longValue("seed", 42), a.number("bad-fraction", 0), out);
    }

    private static int generate(Path dir, double scale, long seed, double badFraction, PrintStream out) {
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

    static Pipeline openLake(String lake) {
        return openLake(lake, true);
    }

    /** Opens the lake for the functions of this JVM; with the sentiment model when Silver is to run. */
    static Pipeline openLake(String lake, boolean withModel) {
        if (!lake.contains("://")) {
            Path p = Path.of(lake);
            try {
                Files.createDirectories(p);
                Path probe = Files.createTempFile(p, ".write-probe", "");
                Files.delete(probe);
            } catch (IOException | SecurityException e) {
                throw CliException.failure("cannot write to lake " + lake + ": " + describe(e));
            }
        }
        Pipeline pipeline;
        try {
            pipeline = Pipeline.open(settings(lake),
                    withModel ? new LazyScorer(
                            () -> SentimentModels.fromSettings(System.getenv()))
                            : null);
        } catch (Exception e) { // Delta Standalone throws checked I/O exceptions undeclared
            throw cloudFailure(lake, e);
        }
        PipelineHolder.use(pipeline, null, LandingStore.AfterIngest.KEEP);
        return pipeline;
    }

    /**
     * The settings of a command's lake: a local folder, or {@code abfss://} signed in as
     * {@code LAKEHOUSE_AZURE_CREDENTIAL} (and {@code LAKEHOUSE_AZURE_CLIENT_ID}) say, {@code default} otherwise.
     */
    static Settings settings(String lake) {
        Settings local = Settings.local(lake);
        String credential = System.getenv(Settings.AZURE_CREDENTIAL);
        return new Settings(lake, System.getenv(Settings.AZURE_CLIENT_ID),
                credential == null || credential.isBlank() ? "default" : credential.strip(), local.chunkRows(),
                local.maxRowsPerFile());
    }

    /** A failure to open or read a lake, as one line; for {@code abfss://}, naming the cloud cause and its fix. */
    static CliException cloudFailure(String lake, Exception e) {
        if (e instanceof CliException c) {
            return c;
        }
        if (lake.contains("://")) {
            return CliException.failure(CloudErrors.describe("opening the lake " + lake, e));
        }
        return CliException.failure(oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a folder";
        }
        if (e instanceof NoSuchFileException) {
            return "the folder cannot be created there";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static int runCommand(Args a, PrintStream out) {
        Path landing = Path.of(a.required("landing"));
        String lake = a.required("lake");
        return runPipeline(landing, lake, a.integer("partitions", 4, 1, 32), a.integer("batch-size", 500, 1, 100_000),
                a.flag("verbose"), out);
    }

    private static int runPipeline(Path landing, String lake, int partitions, int batchSize, boolean verbose, PrintStream out) {
        LocalRunner.scan(landing, new ArrayList<>()); // fail fast on a bad landing folder, before touching the lake
        long t0 = System.nanoTime();
        Pipeline pipeline = openLake(lake);
        out.println("landing " + landing + " into " + pipeline.lake().root());
        LocalRunner.Outcome o = new LocalRunner(pipeline, out, verbose).run(landing, partitions, batchSize);
        // the timer stages, until caught up
        new SilverCatchUpFunction().run("{}", new LocalExecutionContext("SilverCatchUp", verbose));
        new GoldRefreshFunction().run("{}", new LocalExecutionContext("GoldRefresh", verbose));
        out.printf("done in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
        List<String> unaccounted = Report.accounting(pipeline, o, out);
        if (!unaccounted.isEmpty()) {
            o.problems.add("records not accounted for in: " + String.join(", ", unaccounted));
        }
        if (!o.problems.isEmpty()) {
            out.println();
            System.err.println("lakehouse: " + o.problems.size() + " problem(s):");
            o.problems.forEach(p -> System.err.println("  " + oneLine(p)));
            return 1;
        }
        return 0;
    }

    private static int refresh(Args a, PrintStream out) {
        String lake = a.required("lake");
        existingLake("refresh", lake);
        openLake(lake);
        boolean verbose = a.flag("verbose");
        long t0 = System.nanoTime();
        int failed = 0;
        try {
            new SilverCatchUpFunction().run("{}", new LocalExecutionContext("SilverCatchUp", verbose));
        } catch (IllegalStateException e) {
            System.err.println("lakehouse: refresh: Silver catch-up failed: " + oneLine(e.getMessage()));
            failed++;
        }
        try {
            new GoldRefreshFunction().run("{}", new LocalExecutionContext("GoldRefresh", verbose));
        } catch (IllegalStateException e) {
            System.err.println("lakehouse: refresh: Gold refresh failed: " + oneLine(e.getMessage()));
            failed++;
        }
        out.printf("refreshed Silver and Gold of %s in %.1f s%s%n", lake, (System.nanoTime() - t0) / 1e9,
                failed == 0 ? "" : "; " + failed + " stage(s) failed");
        return failed == 0 ? 0 : 1;
    }

    private static int chaos(Args a, PrintStream out) {
        int kills = a.integer("kills", 10, 0, 1000);
        List<Integer> concurrent = new ArrayList<>();
        for (String k : a.get("concurrent", "2,4").split(",")) {
            try {
                int n = Integer.parseInt(k.strip());
                if (n < 2 || n > 16) {
                    throw new NumberFormatException();
                }
                concurrent.add(n);
            } catch (NumberFormatException e) {
                throw CliException.usage("chaos: --concurrent takes process counts from 2 to 16 separated by commas, got '"
                        + a.get("concurrent", "") + "'");
            }
        }
        int soak = a.integer("soak-seconds", 120, 0, 86_400);
        double scale = a.number("scale", 0.2);
        if (!(scale > 0 && scale <= 10)) {
            throw CliException.usage("chaos: --scale must be in (0, 10], got " + scale);
        }
        try {
            boolean temporary = a.get("work", null) == null;
            Path work = temporary ? Files.createTempDirectory("lakehouse-chaos") : Files.createDirectories(Path.of(a.get("work", null)));
            out.println("chaos in " + work + (temporary ? " (deleted after when every check passed)" : ""));
            int code = new Chaos(work, scale, a.longValue("seed", 42), out).run(kills, concurrent, soak);
            if (temporary && code == 0) {
                GoldBench.deleteTree(work);
            }
            return code;
        } catch (IOException e) {
            throw CliException.failure("chaos: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("chaos: interrupted");
        }
    }

    private static int demo(Args a, PrintStream out) {
        String lake = a.get("lake", "demo-data/lake");
        Path landing = Path.of(a.get("landing", lake.contains("://") ? "demo-data/landing"
                : Path.of(lake).toAbsolutePath().getParent().resolve("landing").toString()));
        out.println("generating sample data in " + landing);
        generate(landing, a.number("scale", 1), a.longValue("seed", 42), a.number("bad-fraction", 0.01), out);
        out.println();
        int code = runPipeline(landing, lake, 4, 500, a.flag("verbose"), out);
        out.println();
        Report.tables(PipelineHolder.get().lake(), out);
        out.println();
        Report.gold(PipelineHolder.get().lake(), out);
        out.println();
        out.println("next: ./lakehouse status --lake " + lake);
        return code;
    }

    private static int send(Args a, PrintStream out) {
        String hub = a.required("hub");
        String cs = a.get("connection-string", System.getenv("EVENTHUB_CONNECTION_STRING"));
        String namespace = cs == null ? a.required("namespace") : a.get("namespace", "");
        List<Path> files = new ArrayList<>();
        for (String f : a.all("file")) {
            Path p = Path.of(f);
            if (Files.isDirectory(p)) {
                try (var s = Files.walk(p)) {
                    s.filter(x -> x.toString().endsWith(".json")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw CliException.failure("send: cannot read " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw CliException.usage("send: no such file or folder: " + p);
            }
        }
        Iterable<String> lines = files.isEmpty()
                ? () -> new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().iterator()
                : () -> files.stream().flatMap(p -> {
                    try {
                        return Files.readAllLines(p).stream();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
                    }
                }).iterator();
        long t0 = System.nanoTime();
        try (EventHubSink sink = new EventHubSink(namespace, hub, cs)) {
            EventBatcher.Stats s = EventBatcher.send(lines, sink, m -> out.println("  " + m));
            double secs = (System.nanoTime() - t0) / 1e9;
            out.printf("sent %,d events in %,d batches (%.1f MB) to %s in %.1f s%n", s.events(), s.batches(),
                    s.bytes() / 1e6, hub, secs);
            s.rejected().forEach(r -> System.err.println("lakehouse: send: " + r));
            return s.rejected().isEmpty() ? 0 : 1;
        } catch (IOException | UncheckedIOException e) {
            debug(e);
            throw CliException.failure("send: " + oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            debug(e);
            throw CliException.failure("send: " + CloudErrors.describe("sending to " + hub, e));
        }
    }

    private static int bench(List<String> rest, PrintStream out) {
        if (rest.isEmpty() || !(rest.get(0).equals("ingest") || rest.get(0).equals("append")
                || rest.get(0).equals("sentiment") || rest.get(0).equals("gold") || rest.get(0).equals("ui"))) {
            throw CliException.usage("bench: which benchmark? bench ingest [--events N] [--work DIR],"
                    + " bench append [--commits N] [--work DIR], bench sentiment [--tweets N],"
                    + " bench gold [--rows N] [--increment F] [--work DIR], or bench ui [--tables T] [--commits C]"
                    + " [--runs R] --work DIR");
        }
        if (rest.get(0).equals("ui")) {
            Args a = new Args("bench ui", rest.subList(1, rest.size()), Set.of("tables", "commits", "runs", "work"), Set.of());
            int tables = a.integer("tables", 20, 1, 1_000);
            int commits = a.integer("commits", 10_000, 1, 10_000_000);
            int runs = a.integer("runs", 1_000_000, 0, 100_000_000);
            try {
                UiBench.run(Path.of(a.required("work")), tables, commits, runs, out);
                return 0;
            } catch (IOException | RuntimeException e) {
                throw CliException.failure("bench ui: " + e.getMessage());
            }
        }
        if (rest.get(0).equals("gold")) {
            Args a = new Args("bench gold", rest.subList(1, rest.size()), Set.of("rows", "increment", "work"), Set.of());
            int rows = a.integer("rows", 1_000_000, 1_000, 100_000_000);
            double fraction = a.number("increment", 0.01);
            if (!(fraction > 0 && fraction <= 1)) {
                throw CliException.usage("bench gold: --increment must be a fraction in (0, 1], got " + fraction);
            }
            try {
                Path work = a.get("work", null) == null ? Files.createTempDirectory("lakehouse-bench") : Path.of(a.get("work", null));
                GoldBench.run(work, rows, fraction, out);
                return 0;
            } catch (IOException | RuntimeException e) {
                throw CliException.failure("bench gold: " + e.getMessage());
            }
        }
        if (rest.get(0).equals("sentiment")) {
            Args a = new Args("bench sentiment", rest.subList(1, rest.size()), Set.of("tweets"), Set.of());
            return benchSentiment(a.integer("tweets", 5000, 1000, 1_000_000), out);
        }
        if (rest.get(0).equals("append")) {
            Args a = new Args("bench append", rest.subList(1, rest.size()), Set.of("commits", "work"), Set.of());
            try {
                Path work = a.get("work", null) == null ? Files.createTempDirectory("lakehouse-bench") : Path.of(a.get("work", null));
                IngestBench.appendOnly(work, a.integer("commits", 1000, 10, 1_000_000), out);
                return 0;
            } catch (IOException e) {
                throw CliException.failure("bench: " + e.getMessage());
            }
        }
        Args a = new Args("bench ingest", rest.subList(1, rest.size()), Set.of("events", "work"), Set.of());
        int events = a.integer("events", 20_000, 1_000, 10_000_000);
        try {
            boolean temporary = a.get("work", null) == null;
            Path work = temporary ? Files.createTempDirectory("lakehouse-bench") : Path.of(a.get("work", null));
            out.printf("Bronze ingest benchmark: %,d generated tweets per run, best of %d after a warm-up, work folder %s%n%n",
                    events, IngestBench.REPETITIONS, work);
            try {
                IngestBench.run(work, events, new int[]{100, 1000}, out);
            } finally {
                if (temporary) {
                    GoldBench.deleteTree(work);
                }
            }
            return 0;
        } catch (IOException e) {
            throw CliException.failure("bench: " + e.getMessage());
        }
    }

    /** The shipped model on cleaned campaign tweets from the generator: batches of 100 and 1,000. */
    private static int benchSentiment(int n, PrintStream out) {
        long t0 = System.nanoTime();
        var model = DefaultSentimentModel.shared();
        List<String> texts = new ArrayList<>();
        var gson = new ObjectMapper();
        for (String line : IngestBench.tweets(n * 2, 11)) {
            try {
                String tweet = gson.readTree(line).path("tweet").asText();
                if (CampaignFilter.matches(tweet) && texts.size() < n) {
                    texts.add(TweetCleaner.clean(tweet));
                }
            } catch (IOException e) {
                throw CliException.failure("bench: " + e.getMessage());
            }
        }
        model.score(texts.subList(0, 100));
        out.printf("model %s loaded and warmed in %.1f s; %,d cleaned campaign tweets%n", model.version(),
                (System.nanoTime() - t0) / 1e9, texts.size());
        out.printf("%-8s %10s %12s%n", "batch", "seconds", "tweets/s");
        for (int bs : new int[]{100, 1000}) {
            long s0 = System.nanoTime();
            for (int from = 0; from < texts.size(); from += bs) {
                model.score(texts.subList(from, Math.min(texts.size(), from + bs)));
            }
            double secs = (System.nanoTime() - s0) / 1e9;
            out.printf("%-8d %10.2f %,12.0f%n", bs, secs, texts.size() / secs);
        }
        return 0;
    }

    private static Path home() {
        String h = System.getenv("LAKEHOUSE_HOME");
        return h == null ? Path.of("").toAbsolutePath() : Path.of(h);
    }

    private static int sentiment(Args a, boolean train, PrintStream out) {
        Path data = Path.of(a.get("data", home().resolve(".tools/sentiment-data").toString()));
        try {
            long t0 = System.nanoTime();
            out.println("labeled sentences: UCI Sentiment Labelled Sentences (amazon, imdb, yelp), fetched into " + data);
            var results = TrainSentiment.evaluate(data,
                    HeadTrainer.Config.defaults(), out);
            out.println();
            out.println("leave-one-source-out (train on two sources, test on the third); neutral answers count as wrong");
            out.print(Evaluation.table(results));
            if (train) {
                Path file = Path.of(a.get("out", home().resolve("sentiment/src/main/resources/sentiment-head.json").toString()));
                var head = TrainSentiment.trainAll(data,
                        HeadTrainer.Config.defaults(), file, out);
                out.printf("%nwrote the head trained on all sources to %s (neutral below %.2f); rebuild to ship it%n",
                        file, head.neutralThreshold());
            }
            out.printf("(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (IOException e) {
            throw CliException.failure((train ? "train-sentiment: " : "eval-sentiment: ") + oneLine(e.getMessage()));
        }
    }

    private static int verify(Args a, PrintStream out) {
        String lake = a.required("lake");
        if (a.flag("json")) {
            if (a.flag("repair")) {
                throw CliException.usage("verify: --json reports, --repair changes tables: run them one after the other");
            }
            List<GoldVerify.Result> results = GoldVerify.verify(existingLake("verify", lake), LabGraph.GRAPH);
            ObjectNode doc = JSON_OUT.createObjectNode();
            doc.put("lake", lake);
            boolean ok = true;
            ArrayNode tables = doc.putArray("tables");
            for (GoldVerify.Result r : results) {
                ObjectNode t = tables.addObject().put("table", r.table()).put("status", r.status())
                        .put("inputVersions", r.inputVersions()).put("rows", r.rows()).put("expectedRows", r.expectedRows())
                        .put("missingCount", r.missingCount()).put("unexpectedCount", r.unexpectedCount());
                r.missing().forEach(t.putArray("missing")::add);
                r.unexpected().forEach(t.putArray("unexpected")::add);
                ok &= r.ok() && r.verdict() != GoldVerify.Verdict.UNVERIFIABLE;
            }
            doc.put("ok", ok);
            out.println(doc.toPrettyString());
            return ok ? 0 : 1;
        }
        List<String> differing = verifyAndPrint(existingLake("verify", lake), out);
        if (differing.isEmpty() || !a.flag("repair")) {
            return differing.isEmpty() ? 0 : 1;
        }
        Pipeline pipeline = openLake(lake, false);
        out.println();
        out.println("repairing: rebuilding " + String.join(", ", differing) + " from scratch from their inputs as they are now");
        for (RunResult r : pipeline.gold().rebuild(differing::contains)) {
            out.printf("  %-46s %-10s %,9d rows  version %d%s%n", r.table(), r.status(), r.rowsWritten(), r.tableVersion(),
                    r.message() == null ? "" : "  (" + r.message() + ")");
        }
        out.println();
        return verifyAndPrint(pipeline.lake(), out).isEmpty() ? 0 : 1;
    }

    /** Verifies every Gold table, prints the report, and returns the tables that differ or could not be checked. */
    private static List<String> verifyAndPrint(Lake lake, PrintStream out) {
        out.println("verifying Gold in " + lake.root() + " against a from-scratch recomputation");
        out.printf("%-48s %-14s %9s %9s  %s%n", "table", "status", "rows", "expected", "inputs consumed");
        List<String> differing = new ArrayList<>();
        int notRefreshed = 0;
        List<String> unverifiable = new ArrayList<>();
        for (GoldVerify.Result r : GoldVerify.verify(lake, LabGraph.GRAPH)) {
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
        differing.addAll(unverifiable); // exit 1: unchecked is not a pass (--repair rebuilds them at today's inputs)
        return differing;
    }

    private static int maintain(Args a, PrintStream out) {
        String lake = a.required("lake");
        double hours = a.number("retention-hours", MaintenanceOptions.DEFAULT_RETENTION.toHours());
        if (!(hours >= 0) || Double.isInfinite(hours)) {
            throw CliException.usage("maintain: --retention-hours must be zero or more, got " + a.get("retention-hours", ""));
        }
        MaintenanceOptions options;
        try {
            // a person running it wants every table done: no time budget worth the name
            options = MaintenanceOptions.defaults(Settings.local(lake).maxRowsPerFile())
                    .withRetention(Duration.ofMillis(Math.round(hours * 3_600_000d)), a.flag("force"))
                    .withTimeBudget(Duration.ofDays(1));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("maintain: " + e.getMessage() + " (--force)");
        }
        existingLake("maintain", lake);
        Pipeline pipeline = openLake(lake, false);
        out.println("maintaining " + pipeline.lake().root() + ": compaction of small files, VACUUM of unreferenced"
                + " data files older than " + MaintenanceOptions.hours(options.retention()) + " hours, checkpoints");
        return Report.maintenance(pipeline.maintenance(options).run(), out);
    }

    private static int ui(Args a, PrintStream out) {
        String lake = a.required("lake");
        String file = a.get("out", null);
        int port = a.integer("port", 8080, 0, 65_535);
        String bind = a.get("bind", "127.0.0.1");
        if (file != null && (a.get("port", null) != null || a.get("bind", null) != null)) {
            throw CliException.usage("ui: --out writes a file; --port and --bind are for serving the page");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw CliException.usage("ui: --bind must be an address of this machine, got '" + bind + "'");
        }
        Lake l = existingLake("ui", lake);
        Supplier<String> page = () -> Page.render(new PipelineView(l, l.root(), LabGraph.GRAPH, Clock.systemUTC()).build());
        if (file != null) {
            Path target = Path.of(file);
            long t0 = System.nanoTime();
            String html = page.get();
            try {
                if (target.getParent() != null) {
                    Files.createDirectories(target.getParent());
                }
                Files.writeString(target, html);
            } catch (IOException e) {
                throw CliException.failure("ui: cannot write " + target + ": " + e.getMessage());
            }
            out.printf("wrote %s (%,d bytes, read in %.2f s); open it in a browser: it requests nothing%n", target,
                    html.getBytes(StandardCharsets.UTF_8).length, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
        UiServer server;
        try {
            server = new UiServer(address, port, page);
        } catch (IOException e) {
            throw CliException.failure("ui: cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + (port != 0 ? " (another --port?)" : ""));
        }
        if (!address.isLoopbackAddress()) {
            out.println("ui: serving on " + bind + ": other hosts can read this page (read-only)");
        }
        try {
            server.serveForever(out, "http://" + (address.isAnyLocalAddress() ? "127.0.0.1" : bind) + ":"
                    + server.port() + "/");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int status(Args a, PrintStream out) {
        String lake = a.required("lake");
        int runs = a.integer("runs", 15, 1, 10_000);
        Lake l = existingLake("status", lake);
        if (a.flag("json")) {
            ObjectNode view = new PipelineView(l, l.root(), LabGraph.GRAPH, Clock.systemUTC()).build();
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
            ArrayNode recent = doc.putArray("runs");
            for (JsonNode r : view.get("runs")) {
                if (recent.size() >= runs) {
                    break;
                }
                recent.add(r);
            }
            out.println(doc.toPrettyString());
            return 0;
        }
        out.println("lake " + l.root());
        out.println();
        Report.tables(l, out);
        out.println();
        Report.runs(l, runs, out);
        return 0;
    }

    /** The lake at {@code lake} opened to read only; "no lake at ..." when nothing is there. Creates nothing. */
    static Lake existingLake(String command, String lake) {
        if (!lake.contains("://") && !Files.isDirectory(Path.of(lake))) {
            throw CliException.usage(command + ": no lake at " + lake + " (run ./lakehouse demo or ./lakehouse run first)");
        }
        try {
            return Pipeline.openExisting(settings(lake));
        } catch (LakeException e) {
            if (lake.contains("://") && e.getCause() != null) {
                throw cloudFailure(lake, e);
            }
            throw CliException.failure(command + ": " + oneLine(e.getMessage()));
        } catch (Exception e) { // Delta Standalone and ABFS throw checked I/O exceptions undeclared
            throw cloudFailure(lake, e);
        }
    }
}
