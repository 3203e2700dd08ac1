package com.wwi.lakehouse.bench;

import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.delta.DeltaTable;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One writer of the many-writers benchmark ({@code ./lakehouse bench writers}): an instance of the Event Hub function
 * owning one partition, landing {@code batches} batches of {@code batchSize} generated tweets through {@link
 * Pipeline#ingestEvents} (Bronze, and Silver when the pipeline has a model), as fast as it can, into a lake other
 * writers append to at the same time. After {@link #WARMUP_BATCHES} batches of warm-up on a partition of its own it writes its ready file
 * and starts when the go file appears (so JVM start, model load and warm-up are not timed), and reports each
 * batch's time and the commits that lost the race for a version.
 */
public final class WritersBench {
    private WritersBench() {
    }

    /** Batches each writer lands into the shared lake before it is ready (untimed), on a partition of its own. */
    public static final int WARMUP_BATCHES = 10;

    /**
     * Batches each writer first lands into a scratch lake of its own (untimed): enough for the JIT to compile the
     * landing path, as in a function instance that has been running for a while. With only the ten batches above,
     * one writer measured 126 commits/s over 40 batches but 250–290 over 640 (15.8 against 7 CPU-ms per commit):
     * the timed batches were mostly interpreted code.
     */
    public static final int JIT_WARMUP_BATCHES = 300;

    /**
     * What one writer measured: batches committed, events, the time from go to its last commit, each batch's
     * milliseconds, and the commits of this process that lost a race and were tried again.
     */
    public record WriterResult(int writer, int batches, long events, double seconds, double[] batchMillis,
                               long lostRaces, double cpuSeconds) {
        /** One line: {@code writer batches events seconds lostRaces cpuSeconds ms ms ...}. */
        public String line() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d %d %d %.4f %d %.4f", writer, batches,
                    events, seconds, lostRaces, cpuSeconds));
            for (double ms : batchMillis) {
                sb.append(' ').append(String.format(Locale.ROOT, "%.3f", ms));
            }
            return sb.toString();
        }

        public static WriterResult parse(String line) {
            String[] f = line.strip().split(" ");
            double[] ms = new double[f.length - 6];
            for (int i = 6; i < f.length; i++) {
                ms[i - 6] = Double.parseDouble(f[i]);
            }
            return new WriterResult(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                    Double.parseDouble(f[3]), ms, Long.parseLong(f[4]), Double.parseDouble(f[5]));
        }
    }

    /**
     * Lands the writer's batches on partition {@code writer} of hub {@code bench}, once {@code go} exists, after
     * {@link #JIT_WARMUP_BATCHES} into {@code scratch} (closed then) and {@link #WARMUP_BATCHES} into the shared lake.
     * Every batch must commit (a failed or skipped batch fails the benchmark).
     */
    public static WriterResult write(Pipeline pipeline, Pipeline scratch, int writer, int batches, int batchSize,
                                     Path ready, Path go) throws InterruptedException, IOException {
        List<String> tweets = IngestBench.tweets(batchSize, 1000L + writer);
        List<byte[]> bodies = new ArrayList<>(tweets.size());
        tweets.forEach(t -> bodies.add(t.getBytes(StandardCharsets.UTF_8)));
        // the JIT, in a lake of its own (the shared table does not grow by it)
        for (int w = 0; w < JIT_WARMUP_BATCHES; w++) {
            scratch.ingestEvents(batch("jit-" + writer, (long) w * batchSize, bodies));
        }
        scratch.close(); // its event log stops flushing before the timing
        // then the shared lake's tables on a partition of its own, not timed: their state, the first Parquet writers
        for (int w = 0; w < WARMUP_BATCHES; w++) {
            pipeline.ingestEvents(batch("warmup-" + writer, (long) w * batchSize, bodies));
        }
        Files.writeString(ready, "ready\n");
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        long racesBefore = DeltaTable.lostRaces();
        double cpu0 = FreshnessBench.cpuSeconds();
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
                DeltaTable.lostRaces() - racesBefore, FreshnessBench.cpuSeconds() - cpu0);
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
