package com.wwi.lakehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wwi.lakehouse.bench.CompactBench;
import com.wwi.lakehouse.bench.FilesBench;
import com.wwi.lakehouse.bench.FreshnessBench;
import com.wwi.lakehouse.bench.GoldBench;
import com.wwi.lakehouse.bench.IngestBench;
import com.wwi.lakehouse.bench.UiBench;
import com.wwi.lakehouse.bench.WritersBench;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.pipeline.LakeAudit;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.sentiment.DefaultSentimentModel;
import com.wwi.lakehouse.sentiment.MatmulPeak;
import com.wwi.lakehouse.sentiment.MiniLmScript;
import com.wwi.lakehouse.silver.SentimentScorer;
import com.wwi.lakehouse.silver.CampaignFilter;
import com.wwi.lakehouse.silver.TweetCleaner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** {@code ./lakehouse bench <benchmark>}: the benchmarks BENCHMARKS.md records. */
final class BenchCommands {
    private BenchCommands() {
    }

    /** The --work folder, or a new temporary one. */
    static Path workOrTemporary(Path work) throws IOException {
        return work != null ? work : Files.createTempDirectory("lakehouse-bench");
    }

    @Command(name = "bench", sortOptions = false,
            header = "Benchmarks: ingest, append, sentiment, gold, files, writers, freshness, compact, ui.",
            description = {"The benchmarks of BENCHMARKS.md; the Spark peers run with mvn -q -pl interop",
                    "exec:exec@bench-ingest (or @bench-gold, @bench-bronze-rebuild, @bench-compact) after mvn -q install -DskipTests."},
            subcommands = {Ingest.class, Append.class, Sentiment.class, Gold.class, SmallFiles.class, Writers.class,
                    Writer.class, Freshness.class, Compact.class, Ui.class})
    static final class Bench extends LakehouseCommand {
        @Override
        int execute() {
            throw usage("which benchmark? ingest, append, sentiment, gold, files, writers, freshness or ui (./lakehouse bench"
                    + " --help)");
        }
    }

    @Command(name = "ingest", sortOptions = false,
            header = "Bronze ingest against the same work without Delta and raw Parquet.",
            description = {"Bronze ingest of Event Hub batches of 100 and 1,000 tweets against the same work without",
                    "Delta and raw Parquet writes (events/s, MB/s); best of 5 after a warm-up."})
    static final class Ingest extends LakehouseCommand {
        @Option(names = "--events", paramLabel = "N", description = "Generated tweets per run (default: ${DEFAULT-VALUE}).")
        int events = 20_000;
        @Option(names = "--work", paramLabel = "DIR", description = "The work folder (default: a temporary one, deleted after).")
        Path work;

        @Override
        void validate() {
            between("--events", events, 1_000, 10_000_000);
        }

        @Override
        int execute() {
            try {
                boolean temporary = work == null;
                Path dir = temporary ? Files.createTempDirectory("lakehouse-bench") : work;
                out.printf("Bronze ingest benchmark: %,d generated tweets per run, best of %d after a warm-up, work folder %s%n%n",
                        events, IngestBench.REPETITIONS, dir);
                try {
                    IngestBench.run(dir, events, new int[]{100, 1000}, out, progress);
                } finally {
                    if (temporary) {
                        GoldBench.deleteTree(dir);
                    }
                }
                return 0;
            } catch (IOException e) {
                throw CliException.failure("bench: " + e.getMessage());
            }
        }
    }

    @Command(name = "append", sortOptions = false,
            header = "Commits of the lake layer alone, against plain Parquet files.",
            description = {"The lake layer alone: appends of 100 typed tweet rows with a txn, with and without",
                    "checkpoints, against plain Parquet files of the same rows (ms per commit)."})
    static final class Append extends LakehouseCommand {
        @Option(names = "--commits", paramLabel = "N", description = "Commits per variant (default: ${DEFAULT-VALUE}).")
        int commits = 1000;
        @Option(names = "--work", paramLabel = "DIR", description = "The work folder (default: a temporary one).")
        Path work;

        @Override
        void validate() {
            between("--commits", commits, 10, 1_000_000);
        }

        @Override
        int execute() {
            try {
                IngestBench.appendOnly(workOrTemporary(work), commits, out, progress);
                return 0;
            } catch (IOException e) {
                throw CliException.failure("bench: " + e.getMessage());
            }
        }
    }

    @Command(name = "gold", sortOptions = false,
            header = "Gold after an increment: incremental refresh vs full recompute.",
            description = {"Gold brought up to date after an increment of a Silver table: incremental refresh vs full",
                    "recompute, time and bytes rewritten."})
    static final class Gold extends LakehouseCommand {
        @Option(names = "--rows", paramLabel = "N", description = "Rows of the Silver table (default: ${DEFAULT-VALUE}).")
        int rows = 1_000_000;
        @Option(names = "--increment", paramLabel = "F", description = "The increment, a fraction of the rows (default: ${DEFAULT-VALUE}).")
        double fraction = 0.01;
        @Option(names = "--work", paramLabel = "DIR", description = "The work folder (default: a temporary one).")
        Path work;

        @Override
        void validate() {
            between("--rows", rows, 1_000, 100_000_000);
            if (!(fraction > 0 && fraction <= 1)) {
                throw usage("--increment must be a fraction in (0, 1], got " + fraction);
            }
        }

        @Override
        int execute() {
            try {
                GoldBench.run(workOrTemporary(work), rows, fraction, out, progress);
                return 0;
            } catch (IOException | RuntimeException e) {
                throw CliException.failure("bench gold: " + e.getMessage());
            }
        }
    }

    @Command(name = "files", sortOptions = false,
            header = "Files per table after many refreshes and maintenance runs (small files).",
            description = {"Files per table after N Gold refreshes, each after Silver tweets spread over the same days",
                    "(every date partition gets a small file each time), with maintenance every M refreshes."})
    static final class SmallFiles extends LakehouseCommand {
        @Option(names = "--refreshes", paramLabel = "N", description = "Gold refreshes (default: ${DEFAULT-VALUE}).")
        int refreshes = 100;
        @Option(names = "--tweets", paramLabel = "T", description = "Silver tweets before each refresh (default: ${DEFAULT-VALUE}).")
        int tweets = 500;
        @Option(names = "--days", paramLabel = "D", description = "Days the tweets are spread over (default: ${DEFAULT-VALUE}).")
        int days = 60;
        @Option(names = "--maintain-every", paramLabel = "M", description = "Refreshes between maintenance runs (default: ${DEFAULT-VALUE}: hourly, with a refresh every 5 minutes).")
        int maintainEvery = 12;
        @Option(names = "--batches", paramLabel = "B", description = "Event Hub batches of 100 tweets landed in Bronze before each refresh (default: ${DEFAULT-VALUE}: one every 5 s).")
        int batches = 60;
        @Option(names = "--work", paramLabel = "DIR", description = "The work folder (default: a temporary one).")
        Path work;

        @Override
        void validate() {
            between("--refreshes", refreshes, 1, 10_000);
            between("--tweets", tweets, 1, 10_000_000);
            between("--days", days, 1, 3_650);
            between("--maintain-every", maintainEvery, 1, 10_000);
            between("--batches", batches, 0, 100_000);
        }

        @Override
        int execute() {
            try {
                List<FilesBench.TableFiles> tables = FilesBench.run(workOrTemporary(work), refreshes, tweets, days,
                        maintainEvery, batches, out, progress);
                out.println(FilesBench.HEADER);
                tables.forEach(t -> out.println(t.line()));
                return 0;
            } catch (IOException | RuntimeException e) {
                throw CliException.failure("bench files: " + e.getMessage());
            }
        }
    }

    @Command(name = "compact", sortOptions = false,
            header = "Compaction of a table of many small files against the same rewrite without Delta.",
            description = {"Bronze tweets landed as N Event Hub batches of E tweets (a small file each), compacted by",
                    "maintain (run after run, the default options, until nothing is left) and by the same reads and",
                    "writes into plain Parquet files, each on a copy after a warm-up; MB/s of input. The Spark OPTIMIZE",
                    "peer: mvn -q -pl interop exec:exec@bench-compact (after mvn -q install -DskipTests)."})
    static final class Compact extends LakehouseCommand {
        @Option(names = "--files", paramLabel = "N", description = "Event Hub batches landed, a file each (default: ${DEFAULT-VALUE}).")
        int files = 1_000;
        @Option(names = "--events", paramLabel = "E", description = "Tweets per batch (default: ${DEFAULT-VALUE}: files of about 0.9 MB).")
        int events = 16_000;
        @Option(names = "--work", paramLabel = "DIR", description = "The work folder; the landed table is kept there for the next run (default: a temporary one).")
        Path work;

        @Override
        void validate() {
            between("--files", files, 2, 100_000);
            between("--events", events, 1, 1_000_000);
        }

        @Override
        int execute() {
            try {
                Path dir = workOrTemporary(work);
                CompactBench.run(CompactBench.prepare(dir, files, events, out, progress), dir, out);
                return 0;
            } catch (IOException | RuntimeException e) {
                throw CliException.failure("bench compact: " + e.getMessage());
            }
        }
    }

    @Command(name = "freshness", sortOptions = false,
            header = "End-to-end freshness: latency from enqueued time to Bronze, Silver and Gold at a set rate.",
            description = {"One function instance owning P Event Hub partitions, fed generated tweets at R events/s for",
                    "S seconds, Silver scored in each invocation, the Gold timer on its schedule: p50/p95/max latency",
                    "from enqueued time to the Bronze commit, to Silver and to Gold, the rate reached and the backlog.",
                    "--rate 0: as fast as the instance takes events (its throughput ceiling)."})
    static final class Freshness extends LakehouseCommand {
        @Option(names = "--rate", paramLabel = "R", description = "Events per second, 0 for as fast as taken (default: ${DEFAULT-VALUE}).")
        int rate = 1000;
        @Option(names = "--partitions", paramLabel = "P", description = "Partitions this instance owns (default: ${DEFAULT-VALUE}).")
        int partitions = 4;
        @Option(names = "--seconds", paramLabel = "S", description = "Seconds of production (default: ${DEFAULT-VALUE}).")
        int seconds = 600;
        @Option(names = "--gold-every", paramLabel = "G", description = "Seconds between Gold refreshes, on the wall clock (default: ${DEFAULT-VALUE}, as the default schedule 0 */10 * * * *).")
        int goldEvery = 600;
        @Option(names = "--batch", paramLabel = "B", description = "Events per invocation at most (default: ${DEFAULT-VALUE}, the trigger's maxEventBatchSize).")
        int batch = 100;
        @Option(names = "--work", paramLabel = "DIR", description = "The work folder (default: a temporary one).")
        Path work;

        @Override
        void validate() {
            between("--rate", rate, 0, 1_000_000);
            between("--partitions", partitions, 1, 32);
            between("--seconds", seconds, 1, 24 * 3600);
            between("--gold-every", goldEvery, 1, 24 * 3600);
            between("--batch", batch, 1, 10_000);
        }

        @Override
        int execute() {
            try {
                Path lake = workOrTemporary(work).resolve("lake");
                Pipeline p = Main.openLake(lake.toString(), true);
                FreshnessBench.run(p, new FreshnessBench.Options(rate, partitions, seconds, goldEvery, batch), out,
                        progress);
                List<String> problems = LakeAudit.audit(p.lake()).problems();
                out.println(problems.isEmpty() ? "audit: exact (no event landed twice; Silver = the campaign tweets of Bronze)"
                        : "audit: " + String.join("; ", problems));
                return problems.isEmpty() ? 0 : 1;
            } catch (IOException | RuntimeException e) {
                throw CliException.failure("bench freshness: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.failure("bench freshness: interrupted");
            }
        }
    }

    @Command(name = "writers", sortOptions = false,
            header = "Many writers on one table: commit rate, latency and lost races for 1 to 16 processes.",
            description = {"K writer processes at once, each an Event Hub function instance owning a partition, land",
                    "batches into one local lake (Bronze, and Silver with --silver), the same number of commits in all",
                    "for every K, so every K builds the same table; per K: commits/s, events/s,",
                    "p50/p95 batch latency, commits that lost the race for a version, the writers' CPU and JIT time per",
                    "commit (every thread of their JVMs, while they land), and the exact audit. Each writer first",
                    "warms up, untimed: alone until its JIT is quiet, then with the others in a shared warm-up lake",
                    "until all are quiet again: several minutes per K on 2 cores."})
    static final class Writers extends LakehouseCommand {
        @Option(names = "--writers", split = ",", paramLabel = "K", description = "Writer process counts (default: 1,4,8,16).")
        List<Integer> writers = new ArrayList<>(List.of(1, 4, 8, 16));
        @Option(names = "--commits", paramLabel = "N", description = "Batches landed onto the table in all for each K,"
                + " shared out among its writers (default: ${DEFAULT-VALUE}, 640 per writer at 16): the table ends as"
                + " large for every K, so its checkpoints cost the same.")
        int commits = 10_240;
        @Option(names = "--batch-size", paramLabel = "B", description = "Events per batch (default: ${DEFAULT-VALUE}).")
        int batchSize = 100;
        @Option(names = "--silver", description = "Score each batch into Silver with the sentiment model too.")
        boolean silver;
        @Option(names = "--own-lakes", description = "The control: each writer into a lake of its own (the same work"
                + " and processes, no shared log), to tell contention on the log from the CPU's limit.")
        boolean ownLakes;
        @Option(names = "--no-warm-up", description = "Skip the JIT warm-up: a quick check that the writers land"
                + " exactly (the audit), not a measurement.")
        boolean noWarmUp;
        @Option(names = "--work", paramLabel = "DIR", description = "The work folder (default: a temporary one).")
        Path work;

        @Override
        void validate() {
            if (writers.isEmpty()) {
                throw usage("--writers needs at least one count");
            }
            for (int k : writers) {
                between("--writers", k, 1, 32);
            }
            between("--commits", commits, 1, 1_000_000);
            between("--batch-size", batchSize, 1, 10_000);
        }

        @Override
        int execute() {
            try {
                Path root = workOrTemporary(work);
                out.printf("%,d batches of %d events for each count of writers, shared out among them, %s, %s%s%n",
                        commits, batchSize,
                        silver ? "Bronze then Silver (the model scores each batch)" : "Bronze only",
                        ownLakes ? "each writer into a lake of its own (the control)" : "all into one lake",
                        noWarmUp ? "; no JIT warm-up: a check of the audit, not a measurement" : "");
                out.printf("%8s %9s %10s %10s %9s %9s %11s %13s %13s  %s%n", "writers", "commits", "commits/s",
                        "events/s", "p50 ms", "p95 ms", "lost races", "CPU ms/commit", "JIT ms/commit", "audit");
                double single = -1;
                double last = -1;
                for (int k : writers) {
                    double rate = writersRun(root.resolve("writers-" + k), k);
                    if (k == 1) {
                        single = rate;
                    }
                    last = rate;
                }
                if (single > 0 && writers.get(writers.size() - 1) > 1) {
                    out.printf("%d writers: %.0f %% of the single writer's commit rate%n", writers.get(writers.size() - 1),
                            100 * last / single);
                }
                return 0;
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw CliException.failure("bench writers: " + e.getMessage());
            }
        }

        /** One count of writers on a new lake; prints its row and returns its commits/s. */
        private double writersRun(Path dir, int k) throws IOException, InterruptedException {
            int batches = (commits + k - 1) / k; // each writer's share, rounded up
            GoldBench.deleteTree(dir);
            List<Path> lakes = new ArrayList<>();
            for (int i = 0; i < (ownLakes ? k : 1); i++) {
                Path lake = Files.createDirectories(dir).resolve(ownLakes ? "lake-" + i : "lake");
                try (Pipeline p = Pipeline.open(Settings.local(lake.toString()))) {
                    p.lake(); // the tables exist before the writers start
                }
                lakes.add(lake);
            }
            Path contended = dir.resolve("warm-up-lake"); // where all writers warm up together, then left alone
            try (Pipeline p = Pipeline.open(Settings.local(contended.toString()))) {
                p.lake();
            }
            List<WritersBench.Signals> signals = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                signals.add(WritersBench.Signals.in(dir, i));
            }
            WritersBench.Signals all = signals.get(0); // start, settled and go are every writer's
            List<Process> ps = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                List<String> args = new ArrayList<>(List.of("bench", "writer", "--lake",
                        lakes.get(ownLakes ? i : 0).toString(), "--index", Integer.toString(i), "--batches",
                        Integer.toString(batches), "--batch-size", Integer.toString(batchSize), "--signals",
                        dir.toString(), "--out", dir.resolve("result-" + i).toString(), "--scratch-lake",
                        dir.resolve("scratch-" + i).toString(), "--warm-up-lake", contended.toString()));
                if (silver) {
                    args.add("--silver");
                }
                if (noWarmUp) {
                    args.add("--no-warm-up");
                }
                // a heap as a 2,048 MB Flex instance would give it: 16 JVMs with the default (a quarter of RAM) run out
                List<String> cmd = Main.inNewJvm(List.of("-Dai.djl.pytorch.num_threads=1", "-Xmx1g"), args);
                ps.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("writer-" + i + ".log").toFile()).start());
            }
            long deadline = System.nanoTime() + 1_800_000_000_000L;
            // each signal file of the warm-up holds the batches the writer landed until its JIT was quiet
            IntSummaryStatistics jitWarmUp = awaitAll(ps, dir, signals, WritersBench.Signals::warm, deadline);
            Files.writeString(all.start(), "start\n");
            IntSummaryStatistics contendedWarmUp = awaitAll(ps, dir, signals, WritersBench.Signals::quiet, deadline);
            Files.writeString(all.settled(), "settled\n");
            awaitAll(ps, dir, signals, WritersBench.Signals::ready, deadline); // the measured lake's warm-up landed
            Files.writeString(all.go(), "go\n");
            List<WritersBench.WriterResult> results = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                if (ps.get(i).waitFor() != 0) {
                    throw new IllegalStateException("writer " + i + " failed (see " + dir.resolve("writer-" + i
                            + ".log") + ")");
                }
                results.add(WritersBench.WriterResult.parse(Files.readString(dir.resolve("result-" + i))));
            }
            double wall = results.stream().mapToDouble(WritersBench.WriterResult::seconds).max().orElse(1);
            long timed = results.stream().mapToLong(WritersBench.WriterResult::batches).sum();
            long events = results.stream().mapToLong(WritersBench.WriterResult::events).sum();
            long races = results.stream().mapToLong(WritersBench.WriterResult::lostRaces).sum();
            double[] ms = results.stream().flatMapToDouble(r -> Arrays.stream(r.batchMillis())).toArray();
            long expected = (long) k * (batches + WritersBench.WARMUP_BATCHES) * batchSize; // with the warm-ups
            long landed = 0;
            List<String> problems = new ArrayList<>();
            for (Path lake : lakes) {
                LakeAudit.Result audit = LakeAudit.audit(Pipeline.openExisting(Settings.local(lake.toString())));
                landed += audit.datasets().get(Dataset.TWEETS).landed();
                // Silver is checked only when the writers score into it (Bronze only leaves it empty on purpose)
                if (audit.duplicates() > 0 || !audit.resolutionProblems().isEmpty()
                        || (silver && audit.silverWrong() > 0)) {
                    problems.addAll(audit.problems());
                }
            }
            boolean exact = landed == expected && problems.isEmpty();
            String verdict = exact ? "exact: " + landed + " landed, 0 lost, 0 duplicated"
                    + (silver ? ", Silver exact" : "") : "NOT EXACT: " + landed + " landed of " + expected + "; "
                    + problems;
            double rate = timed / wall;
            double cpu = results.stream().mapToDouble(WritersBench.WriterResult::cpuSeconds).sum();
            double jit = results.stream().mapToDouble(WritersBench.WriterResult::jitSeconds).sum();
            out.printf("%8d %9d %10.1f %,10.0f %9.1f %9.1f %11d %13.1f %13.1f  %s%n", k, timed, rate, events / wall,
                    WritersBench.percentile(ms, 50), WritersBench.percentile(ms, 95), races, 1000 * cpu / timed,
                    1000 * jit / timed, verdict + " (JIT warm-up " + range(jitWarmUp) + " batches alone, "
                            + range(contendedWarmUp) + " together)");
            if (!verdict.startsWith("exact")) {
                throw new IllegalStateException(k + " writers: " + verdict);
            }
            return rate;
        }

        private static String range(IntSummaryStatistics s) {
            return s.getMin() + (s.getMax() > s.getMin() ? "-" + s.getMax() : "");
        }

        /**
         * Waits until every writer has written its signal file; returns the numbers the files hold (none for a file
         * that holds a word).
         */
        private static IntSummaryStatistics awaitAll(List<Process> ps, Path dir, List<WritersBench.Signals> signals,
                                                     Function<WritersBench.Signals, Path> signal, long deadline)
                throws InterruptedException, IOException {
            IntSummaryStatistics numbers = new IntSummaryStatistics();
            for (int i = 0; i < ps.size(); i++) {
                Path file = signal.apply(signals.get(i));
                while (!Files.exists(file)) {
                    if (!ps.get(i).isAlive() || System.nanoTime() > deadline) {
                        ps.forEach(Process::destroyForcibly);
                        throw new IllegalStateException("writer " + i + " stopped or timed out before its "
                                + file.getFileName() + " signal (see " + dir.resolve("writer-" + i + ".log") + ")");
                    }
                    Thread.sleep(20);
                }
                String text = Files.readString(file).strip();
                if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
                    numbers.accept(Integer.parseInt(text));
                }
            }
            return numbers;
        }
    }

    @Command(name = "writer", hidden = true, description = "One process of bench writers (started by it).")
    static final class Writer extends LakehouseCommand {
        @Option(names = "--lake", required = true)
        String lake;
        @Option(names = "--index", required = true)
        int index;
        @Option(names = "--batches", required = true)
        int batches;
        @Option(names = "--batch-size", required = true)
        int batchSize;
        @Option(names = "--signals", required = true, description = "The folder of the start files (see Signals).")
        Path signals;
        @Option(names = "--out", required = true)
        Path result;
        @Option(names = "--silver")
        boolean silver;
        @Option(names = "--scratch-lake", required = true)
        String scratchLake;
        @Option(names = "--warm-up-lake", required = true)
        String warmUpLake;
        @Option(names = "--no-warm-up")
        boolean noWarmUp;

        @Override
        int execute() {
            try {
                Pipeline p = Main.openLake(lake, silver);
                if (silver) {
                    p.silver().orElseThrow().catchUp(); // loads the model before the start, not within the timing
                }
                WritersBench.WriterResult r = WritersBench.write(p, Main.openLake(scratchLake, false),
                        Main.openLake(warmUpLake, false), index, batches,
                        batchSize, WritersBench.Signals.in(signals, index), !noWarmUp);
                Files.writeString(result, r.line() + "\n");
                return 0;
            } catch (IOException | InterruptedException e) {
                throw CliException.failure("bench writer " + index + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "ui", sortOptions = false,
            header = "The pipeline page on a large lake (read + render).",
            description = {"The pipeline page on a lake of T tables of C commits each and an event log of R rows,",
                    "built once in DIR (kept for the next run); read + render, three times."})
    static final class Ui extends LakehouseCommand {
        @Option(names = "--tables", paramLabel = "T", description = "Tables (default: ${DEFAULT-VALUE}).")
        int tables = 20;
        @Option(names = "--commits", paramLabel = "C", description = "Commits per table (default: ${DEFAULT-VALUE}).")
        int commits = 10_000;
        @Option(names = "--runs", paramLabel = "R", description = "Rows of the event log (default: ${DEFAULT-VALUE}).")
        int runs = 1_000_000;
        @Option(names = "--work", required = true, paramLabel = "DIR", description = "Where the lake is built (or was).")
        Path work;

        @Override
        void validate() {
            between("--tables", tables, 1, 1_000);
            between("--commits", commits, 1, 10_000_000);
            between("--runs", runs, 0, 100_000_000);
        }

        @Override
        int execute() {
            try {
                UiBench.run(work, tables, commits, runs, out, progress);
                return 0;
            } catch (IOException | RuntimeException e) {
                throw CliException.failure("bench ui: " + e.getMessage());
            }
        }
    }

    @Command(name = "sentiment", sortOptions = false,
            header = "Sentiment scoring speed of the shipped model.",
            description = {"The shipped model (clean text in; tokenize, encode, lexicons, head) on distinct cleaned "
                    + "campaign tweets from the generator, in batches of 100 and 1,000, for each precision asked for "
                    + "(side by side in one process; no cache can help). Then the generator's own stream, where "
                    + "retweets repeat, with the per-batch dedupe and the cache across batches: the cache's gain, "
                    + "with the duplicate rate it met."})
    static final class Sentiment extends LakehouseCommand {
        @Option(names = "--tweets", paramLabel = "N", description = "Distinct tweets to score (default: ${DEFAULT-VALUE}).")
        int tweets = 5000;

        @Option(names = "--precision", paramLabel = "P[,P...]", split = ",",
                description = "Precisions to compare: float32, int8, bfloat16, auto (default: float32,auto).")
        List<String> precisions = List.of("float32", "auto");

        @Option(names = "--peak", description = "Also measure each precision's matrix-multiply peak on this machine "
                + "(MatmulPeak, about 40 s each) and report the encoder against it.")
        boolean peak;

        @Option(names = "--cold", description = "Only the cold start: load the model in the first precision given, "
                + "score one batch of 100 tweets, print the time from JVM start and the peak RSS, and exit.")
        boolean cold;

        @Override
        void validate() {
            between("--tweets", tweets, 1000, 1_000_000);
            for (String p : precisions) {
                try {
                    MiniLmScript.Precision.of(p, null);
                } catch (IllegalArgumentException e) {
                    throw usage("--precision " + p + ": not one of float32, int8, bfloat16, auto");
                }
            }
        }

        @Override
        int execute() {
            if (cold) {
                return coldStart();
            }
            List<String> distinct = new ArrayList<>(campaignTweets(tweets, true));
            Collections.shuffle(distinct, new Random(7));
            out.printf("%,d distinct cleaned campaign tweets; auto picks %s on this CPU%n", distinct.size(),
                    MiniLmScript.Precision.probe(MiniLmScript.Precision.cpuFlags()).label());
            double flops = 0;
            double[] first = null;
            Map<String, List<SentimentScorer.Score>> labels = new LinkedHashMap<>();
            for (String p : new LinkedHashSet<>(precisions)) {
                MiniLmScript.Precision precision = MiniLmScript.Precision.of(p, MiniLmScript.Precision.cpuFlags());
                long t0 = System.nanoTime();
                try (DefaultSentimentModel model = DefaultSentimentModel.load(precision, 0)) {
                    model.score(distinct.subList(0, 100));
                    double loaded = (System.nanoTime() - t0) / 1e9;
                    double sinceJvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
                    if (flops == 0) {
                        for (String t : distinct) {
                            flops += model.flops(t);
                        }
                        out.printf("encoder work: %.2f GFLOP per tweet on average (unpadded tokens)%n",
                                flops / distinct.size() / 1e9);
                        out.printf("%-9s %6s %10s %12s %8s %12s%n", "precision", "batch", "seconds", "tweets/s",
                                "vs first", "GFLOP/s");
                    }
                    out.printf("model %s loaded and a first batch of 100 scored in %.1f s (%.1f s from JVM start)%n",
                            model.version(), loaded, sinceJvmStart);
                    for (int from = 100; from < 1000; from += 100) { // warm-up, not timed: the JIT and the engine settle
                        model.score(distinct.subList(from, from + 100));
                    }
                    double[] rates = new double[2];
                    List<SentimentScorer.Score> all = new ArrayList<>();
                    int[] sizes = {100, 1000};
                    for (int k = 0; k < sizes.length; k++) {
                        int bs = sizes[k];
                        all.clear();
                        long s0 = System.nanoTime();
                        try (Progress.Task task = progress.start(precision.label() + ", batch " + bs, distinct.size(), "tweets")) {
                            for (int from = 0; from < distinct.size(); from += bs) {
                                List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + bs));
                                all.addAll(model.score(batch));
                                task.step(batch.size());
                            }
                        }
                        double secs = (System.nanoTime() - s0) / 1e9;
                        rates[k] = distinct.size() / secs;
                        out.printf("%-9s %6d %10.2f %,12.0f %7.2fx %12.1f%n", model.precision().label(), bs, secs,
                                rates[k], first == null ? 1.0 : rates[k] / first[k], flops / secs / 1e9);
                    }
                    if (first == null) {
                        first = rates;
                    }
                    labels.put(model.precision().label(), List.copyOf(all));
                    if (peak) {
                        double pk = MatmulPeak.peak(model.precision(), new java.io.PrintStream(
                                java.io.OutputStream.nullOutputStream()));
                        out.printf("%-9s matrix-multiply peak %.1f GFLOP/s; the encoder at batch 1,000 reaches %.0f%% "
                                + "of it%n", model.precision().label(), pk, 100 * flops * rates[1] / distinct.size() / 1e9 / pk);
                    }
                } catch (IOException e) {
                    throw CliException.failure("bench sentiment: " + e.getMessage());
                }
            }
            if (labels.size() > 1) {
                var it = labels.entrySet().iterator();
                var base = it.next();
                while (it.hasNext()) {
                    var other = it.next();
                    int same = 0;
                    double diff = 0;
                    double maxDiff = 0;
                    for (int i = 0; i < distinct.size(); i++) {
                        same += base.getValue().get(i).label() == other.getValue().get(i).label() ? 1 : 0;
                        double d = Math.abs(base.getValue().get(i).positiveProbability()
                                - other.getValue().get(i).positiveProbability());
                        diff += d;
                        maxDiff = Math.max(maxDiff, d);
                    }
                    out.printf("%s gives the %s label on %.2f%% of the %,d tweets; P(positive) differs by %.4f on "
                            + "average, %.4f at most%n", other.getKey(), base.getKey(), 100.0 * same / distinct.size(),
                            distinct.size(), diff / distinct.size(), maxDiff);
                }
            }
            // the generator's own stream: retweets repeat; dedupe per batch and the LRU across batches
            List<String> stream = campaignTweets(tweets, false);
            try (DefaultSentimentModel model = DefaultSentimentModel.load(MiniLmScript.Precision.configured(),
                    DefaultSentimentModel.cacheSetting())) {
                model.score(stream.subList(0, 100));
                long[] before = model.counts();
                long s0 = System.nanoTime();
                for (int from = 0; from < stream.size(); from += 100) {
                    model.score(stream.subList(from, Math.min(stream.size(), from + 100)));
                }
                double secs = (System.nanoTime() - s0) / 1e9;
                long[] after = model.counts();
                long asked = after[0] - before[0];
                long ran = after[1] - before[1];
                out.printf("cache (%s, batch 100): the generator's stream of %,d campaign tweets, %.1f%% repeats met; "
                        + "%,.0f tweets/s, the encoder ran on %,d%n", model.precision().label(), stream.size(),
                        100.0 * (asked - ran) / asked, stream.size() / secs, ran);
            } catch (IOException e) {
                throw CliException.failure("bench sentiment: " + e.getMessage());
            }
            return 0;
        }

        /** The cold start alone: JVM start to a first scored batch of 100, as a new instance meets it. */
        private int coldStart() {
            List<String> batch = campaignTweets(100, true);
            MiniLmScript.Precision precision = MiniLmScript.Precision.of(precisions.get(0),
                    MiniLmScript.Precision.cpuFlags());
            double before = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
            long t0 = System.nanoTime();
            try (DefaultSentimentModel model = DefaultSentimentModel.load(precision, 0)) {
                model.score(batch);
                out.printf("cold start: JVM up %.1f s, then model %s loaded and a first batch of %d scored in %.1f s: "
                                + "%.1f s from JVM start; peak RSS %s%n", before, model.version(), batch.size(),
                        (System.nanoTime() - t0) / 1e9,
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3,
                        FreshnessBench.peakRss());
            } catch (IOException e) {
                throw CliException.failure("bench sentiment --cold: " + e.getMessage());
            }
            return 0;
        }

        /** Cleaned campaign tweets from the generator, in order; only the first of each text when {@code distinct}. */
        private static List<String> campaignTweets(int n, boolean distinct) {
            var json = new ObjectMapper();
            java.util.Collection<String> texts = distinct ? new LinkedHashSet<>() : new ArrayList<>();
            for (long seed = 11; texts.size() < n && seed < 11 + 1000; seed++) {
                for (String line : IngestBench.tweets(n * 2, seed)) {
                    try {
                        String tweet = json.readTree(line).path("tweet").asText();
                        if (CampaignFilter.matches(tweet) && texts.size() < n) {
                            texts.add(TweetCleaner.clean(tweet));
                        }
                    } catch (IOException e) {
                        throw CliException.failure("bench: " + e.getMessage());
                    }
                }
            }
            if (texts.size() < n) {
                throw CliException.failure("bench sentiment: the generator gave only " + texts.size() + " distinct tweets");
            }
            return new ArrayList<>(texts);
        }
    }
}
