package com.wwi.lakehouse.bench;

import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.delta.DeltaTable;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One writer of the many-writers benchmark ({@code ./lakehouse bench writers}): an instance of the Event Hub function
 * owning one partition, landing {@code batches} batches of {@code batchSize} generated tweets through {@link
 * Pipeline#ingestEvents} (Bronze, and Silver when the pipeline has a model), as fast as it can, into a lake other
 * writers append to at the same time. It warms up first (alone until its JIT is quiet, then with all the others in
 * a warm-up lake they share, then {@link #WARMUP_BATCHES} batches into the measured lake), writes its ready file and
 * starts when the go file appears (so JVM start, model load and warm-up are not timed), and reports each batch's
 * time, the commits that lost the race for a version, and the CPU and JIT time of the timed window.
 */
public final class WritersBench {
    private WritersBench() {
    }

    /**
     * Batches each writer lands into the measured lake before it is ready (untimed), on a partition of its own: the
     * tables' state, the first Parquet writers.
     */
    public static final int WARMUP_BATCHES = 10;

    /**
     * Batches each writer lands first into a warm-up lake all writers share, at the same time, until the JIT is quiet
     * again (at least this many): the paths that only contention takes (a lost race, applying the others' commits)
     * are compiled there, not in the timed window, and the measured table does not grow by it.
     */
    public static final int CONTENDED_WARMUP_MIN = 100;

    /**
     * Before that, each writer lands batches into a scratch lake of its own (untimed, so the shared table does not
     * grow by it) until its JIT is quiet: at least {@link #JIT_WARMUP_MIN} batches, then in rounds of {@link
     * #JIT_ROUND} until the compilers spent less than {@link #JIT_QUIET} of a round's time in {@link #JIT_QUIET_ROUNDS}
     * rounds in a row, at most {@link #JIT_WARMUP_MAX} batches. A fixed 300 batches was not enough: the compilers still spent 4 ms per commit in the
     * timed window of one writer (2 cores, one C1 and one C2 thread), so it measured the JIT, not the log.
     */
    public static final int JIT_WARMUP_MIN = 300;
    static final int JIT_ROUND = 100;
    static final double JIT_QUIET = 0.02;
    static final int JIT_QUIET_ROUNDS = 3;
    static final int JIT_WARMUP_MAX = 20_000;

    /**
     * What one writer measured: batches committed, events, the time from go to its last commit, each batch's
     * milliseconds, and the commits of this process that lost a race and were tried again.
     */
    public record WriterResult(int writer, int batches, long events, double seconds, double[] batchMillis,
                               long lostRaces, double cpuSeconds, double jitSeconds) {
        /** One line: {@code writer batches events seconds lostRaces cpuSeconds jitSeconds ms ms ...}. */
        public String line() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d %d %d %.4f %d %.4f %.4f", writer,
                    batches, events, seconds, lostRaces, cpuSeconds, jitSeconds));
            for (double ms : batchMillis) {
                sb.append(' ').append(String.format(Locale.ROOT, "%.3f", ms));
            }
            return sb.toString();
        }

        public static WriterResult parse(String line) {
            String[] f = line.strip().split(" ");
            double[] ms = new double[f.length - 7];
            for (int i = 7; i < f.length; i++) {
                ms[i - 7] = Double.parseDouble(f[i]);
            }
            return new WriterResult(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                    Double.parseDouble(f[3]), ms, Long.parseLong(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]));
        }
    }

    /**
     * Where a writer signals and waits: it writes {@code warm} when its JIT is quiet alone, waits for {@code start}
     * (all writers warm) to warm up with the others, writes {@code quiet} when its JIT is quiet again and goes on
     * until {@code settled} (all quiet), lands its {@link #WARMUP_BATCHES} into the measured lake, writes {@code
     * ready}, and waits for {@code go}.
     */
    public record Signals(Path warm, Path start, Path quiet, Path settled, Path ready, Path go) {
        /** Writer {@code i}'s signals in {@code dir}: its own files {@code warm-i}, {@code quiet-i}, {@code ready-i}. */
        public static Signals in(Path dir, int i) {
            return new Signals(dir.resolve("warm-" + i), dir.resolve("start"), dir.resolve("quiet-" + i),
                    dir.resolve("settled"), dir.resolve("ready-" + i), dir.resolve("go"));
        }
    }

    /**
     * Lands the writer's batches on partition {@code writer} of hub {@code bench}, once {@code go} exists, after the
     * warm-up alone into {@code scratch}, with the others into {@code contended} (both closed then) and {@link
     * #WARMUP_BATCHES} into the measured lake. Every batch must commit (a failed or skipped batch fails the benchmark).
     * {@code jitWarmUp} false: no JIT warm-up (a check of the protocol and the audit, not a measurement): nothing
     * lands in the scratch lake and each writer lands in the shared one only until all have started there.
     */
    public static WriterResult write(Pipeline pipeline, Pipeline scratch, Pipeline contended, int writer, int batches,
                                     int batchSize, Signals signals, boolean jitWarmUp)
            throws InterruptedException, IOException {
        List<String> tweets = IngestBench.tweets(batchSize, 1000L + writer);
        List<byte[]> bodies = new ArrayList<>(tweets.size());
        tweets.forEach(t -> bodies.add(t.getBytes(StandardCharsets.UTF_8)));
        int jitBatches = jitWarmUp ? warmJit(scratch, "jit-" + writer, JIT_WARMUP_MIN, batchSize, bodies) : 0;
        scratch.close(); // its event log stops flushing before the timing
        signal(signals.warm(), jitBatches + "\n");
        await(signals.start());
        // then all writers at once into the warm-up lake they share, until every writer's JIT is quiet again: one
        // that is quiet goes on landing there until all are (signals.settled()), so the others warm up contended too
        int together = jitWarmUp ? warmJit(contended, "contended-" + writer, CONTENDED_WARMUP_MIN, batchSize, bodies) : 0;
        signal(signals.quiet(), together + "\n");
        for (long b = together; !Files.exists(signals.settled()); b++) {
            contended.ingestEvents(batch("contended-" + writer, b * batchSize, bodies));
        }
        contended.close();
        // then the measured lake's tables on a partition of its own, not timed: their state, the first Parquet writers
        for (int w = 0; w < WARMUP_BATCHES; w++) {
            pipeline.ingestEvents(batch("warmup-" + writer, (long) w * batchSize, bodies));
        }
        signal(signals.ready(), "ready\n");
        await(signals.go());
        long racesBefore = DeltaTable.lostRaces();
        double cpu0 = FreshnessBench.cpuSeconds();
        long jit0 = jitMillis();
        double[] ms = new double[batches];
        long t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            long s = System.nanoTime();
            RunResult r = pipeline.ingestEvents(batch(Integer.toString(writer), (long) b * batchSize, bodies));
            ms[b] = (System.nanoTime() - s) / 1e6;
            if (r.status() != RunStatus.COMMITTED) {
                throw new IllegalStateException("writer " + writer + ", batch " + b + " did not commit: " + r);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new WriterResult(writer, batches, (long) batches * batchSize, seconds, ms,
                DeltaTable.lostRaces() - racesBefore, FreshnessBench.cpuSeconds() - cpu0, (jitMillis() - jit0) / 1e3);
    }

    /** Milliseconds the JIT compilers of this JVM have spent so far (0 where the JVM does not say). */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * Lands batches on {@code partition} of {@code lake} until the JIT is quiet (see {@link #JIT_WARMUP_MIN}), at least
     * {@code min}; returns the batches landed.
     */
    private static int warmJit(Pipeline lake, String partition, int min, int batchSize, List<byte[]> bodies) {
        int landed = 0;
        int quietRounds = 0;
        while (landed < JIT_WARMUP_MAX) {
            long jit0 = jitMillis();
            long t0 = System.nanoTime();
            for (int i = 0; i < JIT_ROUND; i++, landed++) {
                lake.ingestEvents(batch(partition, (long) landed * batchSize, bodies));
            }
            double roundMs = (System.nanoTime() - t0) / 1e6;
            quietRounds = jitMillis() - jit0 < JIT_QUIET * roundMs ? quietRounds + 1 : 0;
            if (landed >= min && quietRounds >= JIT_QUIET_ROUNDS) {
                break;
            }
        }
        return landed;
    }

    /** Writes a signal file whole (a temporary file moved into place): whoever sees it sees all of it. */
    private static void signal(Path file, String text) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void await(Path signal) throws InterruptedException {
        while (!Files.exists(signal)) {
            Thread.sleep(5);
        }
    }

    private static EventBatch batch(String partition, long firstSequence, List<byte[]> bodies) {
        List<EventBatch.Event> events = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            events.add(new EventBatch.Event(bodies.get(i), firstSequence + i, Long.toString(firstSequence + i), null));
        }
        return new EventBatch("bench", "tweets", "$Default", partition, events);
    }

    /** The p-th percentile (0 to 100) of the values, nearest rank. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
