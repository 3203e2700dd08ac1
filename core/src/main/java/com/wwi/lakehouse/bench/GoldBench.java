package com.wwi.lakehouse.bench;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.gold.GoldRefresh;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.sample.TweetSource;
import com.wwi.lakehouse.silver.SilverStage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The Gold benchmark: a Silver table of N scored tweets (synthetic rows with the shape of the generated data: the
 * six campaign hashtags in several spellings, 300 cities, two years of dates) and the campaigns in Bronze; Gold
 * built once; then an increment of a fraction of N lands in Silver as micro-batches, and the benchmark times
 * bringing every Gold table up to date incrementally ({@link GoldRefresh#run}) against recomputing every Gold
 * table from scratch ({@link GoldRefresh#rebuild}), reporting the bytes each rewrote. A first increment of the
 * same size warms up the JVM (and the peer, in the interop benchmark) and is not timed.
 */
public final class GoldBench {
    static final String[] TEXTS = {
            "loving the new collection from wwi so comfortable", "worst delivery experience ever never again",
            "just got my order the fabric feels great", "is the summer range available in store",
            "the beach towels are amazing and the colours pop", "customer service did not answer my emails",
            "great prices on the eco range this week", "meh the sizes run small again",
            "the future tech gadgets sold out in an hour", "anyone tried the recycled denim yet",
    };
    static final String[] LABELS = {"Positive", "Negative", "Neutral"};

    private GoldBench() {
    }

    /** What one timed step did. */
    public record Step(String name, long millis, long bytesAdded, long bytesRemoved, long filesAdded, long filesRemoved) {
        public String line() {
            return String.format(Locale.ROOT, "%-34s %10.2f s   %8.1f MB added  %8.1f MB removed  %6d files added  %6d removed",
                    name, millis / 1000.0, bytesAdded / 1e6, bytesRemoved / 1e6, filesAdded, filesRemoved);
        }
    }

    static final Instant START = Instant.parse("2020-01-01T00:00:00Z");
    static final int BASE_DAYS = 730;

    /**
     * A synthetic Silver row, i-th of a run, in {@link SilverStage#SCHEMA} order, tweeted in the {@code days} days
     * after {@code from}.
     */
    static Object[] silverRow(Random r, long i, Instant ingested, Instant from, int days) {
        String tag = TweetSource.CAMPAIGN_HASHTAGS.get(r.nextInt(TweetSource.CAMPAIGN_HASHTAGS.size()));
        tag = switch (r.nextInt(3)) {
            case 0 -> tag;
            case 1 -> "#" + Character.toUpperCase(tag.charAt(1)) + tag.substring(2);
            default -> tag.toUpperCase(Locale.ROOT);
        };
        Instant time = from.plusSeconds(r.nextInt(days * 86400));
        double score = r.nextInt(1_000_001) / 1e6;
        String label = score >= 0.6 ? "Positive" : score <= 0.4 ? "Negative" : "Neutral";
        return new Object[]{time, tag, TEXTS[r.nextInt(TEXTS.length)], "City" + r.nextInt(300),
                "user" + r.nextInt(200_000), r.nextInt(50), r.nextInt(200), LABELS[r.nextInt(3)],
                BigDecimal.valueOf(r.nextInt(10)), r.nextInt(2), String.valueOf(time.atZone(ZoneOffset.UTC).getHour()),
                "en", LocalDate.ofInstant(time, ZoneOffset.UTC), label, score, "bench", "bench", i, ingested};
    }

    /** Appends {@code n} Silver rows in commits of at most {@code batch} rows. */
    static void appendSilver(LakeTable silver, Random r, long first, long n, int batch, Instant from, int days) {
        Instant now = Instant.now();
        for (long done = 0; done < n; ) {
            int k = (int) Math.min(batch, n - done);
            List<Object[]> rows = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                rows.add(silverRow(r, first + done + j, now, from, days));
            }
            silver.append(rows, List.of());
            done += k;
        }
    }

    /** Bronze campaign rows: the campaign names in several spellings, over the same two years. */
    static List<Object[]> campaigns(Random r, int n) {
        List<Object[]> rows = new ArrayList<>(n);
        String[] countries = {"USA", "France", "Peru", "India", "Japan", "Kenya"};
        for (int i = 0; i < n; i++) {
            Object[] c = new Object[Dataset.CAMPAIGNS.bronzeSchema().size()];
            String tag = TweetSource.CAMPAIGN_HASHTAGS.get(r.nextInt(TweetSource.CAMPAIGN_HASHTAGS.size())).substring(1);
            c[0] = "Region" + r.nextInt(4);
            c[1] = countries[r.nextInt(countries.length)];
            c[3] = i;
            c[4] = r.nextBoolean() ? tag : Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
            c[9] = r.nextInt(100_000) / 100f;
            c[10] = r.nextInt(200_000) / 100f;
            c[13] = r.nextInt(200_000) / 100f;
            c[17] = (r.nextInt(200_000) - 80_000) / 100f;
            c[20] = LocalDate.of(2020, 1, 1).plusDays(r.nextInt(BASE_DAYS + 14));
            rows.add(c);
        }
        return rows;
    }

    /** The Gold tables' files, path to size, for measuring what a step rewrote. */
    static Map<String, Long> goldFiles(Lake lake) {
        Map<String, Long> out = new HashMap<>();
        for (String t : LabGraph.GRAPH.goldPaths()) {
            LakeTable table = lake.table(t);
            if (table.exists()) {
                for (DataFile f : table.files()) {
                    out.put(t + "/" + f.path(), f.sizeBytes());
                }
            }
        }
        return out;
    }

    /** Times {@code work} and measures the Gold files it added and removed. */
    public static Step measure(String name, Lake lake, Runnable work) {
        Map<String, Long> before = goldFiles(lake);
        long t0 = System.nanoTime();
        work.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Long> after = goldFiles(lake);
        long added = 0;
        long removed = 0;
        int filesAdded = 0;
        int filesRemoved = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                added += e.getValue();
                filesAdded++;
            }
        }
        for (Map.Entry<String, Long> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                removed += e.getValue();
                filesRemoved++;
            }
        }
        return new Step(name, ms, added, removed, filesAdded, filesRemoved);
    }

    /** The prepared lake: Silver's version before each increment, for a peer that replays them. */
    public record Prepared(Lake lake, GoldRefresh gold, EventLog eventLog, long baseVersion, long rows) {
    }

    /**
     * Writes Silver ({@code rows} rows, commits of 200,000) and the campaigns into an empty lake under
     * {@code work/lake} and builds Gold once; prints the times.
     */
    public static Prepared prepare(Path work, long rows, long seed, PrintStream out) {
        Path lakeDir = work.resolve("lake");
        deleteTree(lakeDir);
        Lake lake = DeltaLake.open(lakeDir.toUri().toString());
        EventLog log = new EventLog(lake);
        GoldRefresh gold = new GoldRefresh(lake, log, Clock.systemUTC(), LabGraph.GRAPH);
        LakeTable silver = lake.table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LakeTable campaigns = lake.table(Dataset.CAMPAIGNS.bronzePath());
        campaigns.createIfAbsent(Dataset.CAMPAIGNS.bronzeSpec());
        Random r = new Random(seed);
        long t0 = System.nanoTime();
        campaigns.append(campaigns(r, 20_000), List.of());
        appendSilver(silver, r, 0, rows, 200_000, START, BASE_DAYS);
        out.printf(Locale.ROOT, "wrote Silver: %,d rows in %d commits, %.1f MB, in %.1f s%n", rows, silver.version(),
                silver.files().stream().mapToLong(DataFile::sizeBytes).sum() / 1e6, (System.nanoTime() - t0) / 1e9);
        Step build = measure("initial Gold build (run)", lake, () -> check(gold.run()));
        out.println(build.line());
        return new Prepared(lake, gold, log, silver.version(), rows);
    }

    /**
     * Lands an increment of {@code n} new tweets in Silver as 10 micro-batches, the {@code k}-th increment dated in
     * the {@code k}-th week after the base's two years (new data is recent); returns Silver's version after it.
     */
    public static long increment(Prepared p, long n, int k) {
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        appendSilver(silver, new Random(k), p.rows() + k * n, n, (int) Math.max(1, (n + 9) / 10),
                START.plusSeconds((BASE_DAYS + 7L * (k - 1)) * 86400), 7);
        return silver.version();
    }

    /** Fails loudly when a refresh failed: a benchmark of a failed run would mean nothing. */
    public static void check(List<RunResult> runs) {
        for (RunResult r : runs) {
            if (r.failed()) {
                throw new IllegalStateException("Gold run failed: " + r);
            }
        }
    }

    /** Copies a folder (the Gold tables, for a peer that starts from the same state). */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The whole benchmark without a peer: prepare, a warm-up increment, then the timed increment brought up to
     * date incrementally and by a full recompute. Returns the two timed steps.
     */
    public static List<Step> run(Path work, long rows, double fraction, PrintStream out, Progress progress) {
        try (Progress.Task task = progress.start("bench gold", 4, "steps")) {
            return run(work, rows, fraction, out, task);
        }
    }

    private static List<Step> run(Path work, long rows, double fraction, PrintStream out, Progress.Task task) {
        long n = Math.max(1, Math.round(rows * fraction));
        out.printf(Locale.ROOT, "Gold benchmark: Silver of %,d rows, increments of %,d rows (%.2f %%), work folder %s%n",
                rows, n, fraction * 100, work);
        task.note("writing Silver");
        Prepared p = prepare(work, rows, 42, out);
        task.step();
        task.note("warm-up");
        increment(p, n, 1);
        out.println(measure("warm-up increment (run)", p.lake(), () -> check(p.gold().run())).line());
        task.step();
        task.note("incremental refresh");
        increment(p, n, 2);
        Step incremental = measure("incremental refresh (run)", p.lake(), () -> check(p.gold().run()));
        out.println(incremental.line());
        task.step();
        task.note("full recompute");
        Step full = measure("full recompute (rebuild)", p.lake(), () -> check(p.gold().rebuild()));
        out.println(full.line());
        task.step();
        p.eventLog().flush();
        out.printf(Locale.ROOT, "%nincremental is %.1fx faster than the full recompute and rewrites %.2f MB instead of %.1f MB%n",
                (double) full.millis() / Math.max(1, incremental.millis()),
                (incremental.bytesAdded() + incremental.bytesRemoved()) / 1e6, (full.bytesAdded() + full.bytesRemoved()) / 1e6);
        return List.of(incremental, full);
    }
}
