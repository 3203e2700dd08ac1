package com.wwi.lakehouse.bench;

import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.sample.LineSource;
import com.wwi.lakehouse.sample.SampleDataset;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end freshness ({@code ./lakehouse bench freshness}): one function instance, as the Functions host runs it,
 * owning {@code partitions} Event Hub partitions. A producer enqueues generated tweets at a set rate (round robin
 * over the partitions, each event stamped with its enqueued time); one thread per partition takes what its
 * partition holds, up to a batch, and runs the Event Hub function's work on it ({@link Pipeline#ingestEvents}:
 * Bronze, then Silver scored in the same invocation); a Gold timer runs the refresh on its schedule (aligned on the
 * wall clock, as NCRONTAB {@code 0 *}{@code /10 * * * *} is). Reported: latency from enqueued time to the Bronze
 * commit, to the end of the invocation (Silver committed), and to the end of the first Gold refresh that started
 * after it, as p50 / p95 / max; the rate reached and the backlog left. With rate 0 the producer enqueues as fast as
 * the instance takes events: its throughput ceiling.
 */
public final class FreshnessBench {
    private FreshnessBench() {
    }

    /** The options: events/s (0: as fast as taken), partitions, seconds of production, Gold every N s, batch size. */
    public record Options(int rate, int partitions, int seconds, int goldEverySeconds, int maxBatch) {
    }

    private record Pending(byte[] body, long sequence, long enqueuedNanos, Instant enqueued, int index) {
    }

    public static void run(Pipeline pipeline, Options o, PrintStream out, Progress progress) throws InterruptedException {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) (o.rate() == 0 ? 5_000 : o.rate()) * o.seconds() + 1);
        long[] enq = new long[capacity];
        long[] bronze = new long[capacity];
        long[] silver = new long[capacity];
        Arrays.fill(silver, -1);
        List<LinkedBlockingQueue<Pending>> queues = new ArrayList<>();
        for (int k = 0; k < o.partitions(); k++) {
            queues.add(new LinkedBlockingQueue<>(o.rate() == 0 ? 4 * o.maxBatch() : Integer.MAX_VALUE));
        }
        AtomicLong produced = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        AtomicLong invocations = new AtomicLong();
        List<long[]> refreshes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Stop stop = new Stop();

        // warm the path on partitions of their own (class loading, the JIT, the model), not timed
        LineSource warm = SampleDataset.TWEETS.newSource(7);
        for (int w = 0; w < 5; w++) {
            List<EventBatch.Event> events = new ArrayList<>();
            for (int i = 0; i < o.maxBatch(); i++) {
                events.add(new EventBatch.Event(warm.nextLine().getBytes(StandardCharsets.UTF_8), (long) w * o.maxBatch() + i,
                        Long.toString((long) w * o.maxBatch() + i), Instant.now()));
            }
            pipeline.ingestEvents(new EventBatch("bench", "tweets", "$Default", "warmup", events));
        }

        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(o.seconds());
        Thread producer = new Thread(() -> {
            LineSource src = SampleDataset.TWEETS.newSource(2026);
            long[] seq = new long[o.partitions()];
            try {
                for (int i = 0; i < capacity; i++) {
                    long due = o.rate() == 0 ? 0 : t0 + (long) (i * 1e9 / o.rate());
                    long now = System.nanoTime();
                    if (now >= end || (due > 0 && due >= end)) {
                        break;
                    }
                    if (due > now) {
                        TimeUnit.NANOSECONDS.sleep(due - now);
                    }
                    byte[] body = src.nextLine().getBytes(StandardCharsets.UTF_8);
                    int k = i % o.partitions();
                    long stamp = System.nanoTime();
                    enq[i] = stamp;
                    queues.get(k).put(new Pending(body, seq[k]++, stamp, Instant.now(), i));
                    produced.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer");
        List<Thread> consumers = new ArrayList<>();
        for (int k = 0; k < o.partitions(); k++) {
            int part = k;
            consumers.add(new Thread(() -> {
                LinkedBlockingQueue<Pending> q = queues.get(part);
                List<Pending> batch = new ArrayList<>();
                try {
                    while (!(stop.drained && q.isEmpty())) {
                        Pending first = q.poll(50, TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                        batch.clear();
                        batch.add(first);
                        q.drainTo(batch, o.maxBatch() - 1);
                        List<EventBatch.Event> events = new ArrayList<>(batch.size());
                        for (Pending p : batch) {
                            events.add(new EventBatch.Event(p.body(), p.sequence(), Long.toString(p.sequence()), p.enqueued()));
                        }
                        long[] bronzeAt = new long[1];
                        RunResult r = pipeline.ingestEvents(new EventBatch("bench", "tweets", "$Default",
                                Integer.toString(part), events), () -> bronzeAt[0] = System.nanoTime());
                        long silverAt = System.nanoTime();
                        if (r.status() != RunStatus.COMMITTED) {
                            failures.add("partition " + part + ": " + r);
                        }
                        for (Pending p : batch) {
                            bronze[p.index()] = bronzeAt[0];
                            silver[p.index()] = silverAt;
                        }
                        taken.addAndGet(batch.size());
                        invocations.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "partition-" + k));
        }
        Thread gold = new Thread(() -> {
            long periodMs = o.goldEverySeconds() * 1000L;
            try {
                while (!stop.goldDone) {
                    long now = System.currentTimeMillis();
                    long next = (now / periodMs + 1) * periodMs;
                    while (System.currentTimeMillis() < next && !stop.goldDone) {
                        Thread.sleep(Math.min(200, Math.max(1, next - System.currentTimeMillis())));
                    }
                    if (stop.goldDone) {
                        break;
                    }
                    long[] at = {System.nanoTime(), 0};
                    refreshes.add(at);
                    List<RunResult> runs = pipeline.refresh(Set.of());
                    at[1] = System.nanoTime();
                    for (RunResult r : runs) {
                        if (r.status() == RunStatus.FAILED) {
                            failures.add("gold refresh: " + r);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gold-timer");
        producer.start();
        consumers.forEach(Thread::start);
        gold.start();
        try (Progress.Task task = progress.start("freshness", o.seconds(), "s")) {
            long shown = 0;
            while (producer.isAlive()) {
                producer.join(1000);
                long s = (System.nanoTime() - t0) / 1_000_000_000L;
                task.step(Math.min(o.seconds(), s) - shown);
                shown = Math.min(o.seconds(), s);
                task.note(String.format("%,d enqueued, %,d landed", produced.get(), taken.get()));
            }
        }
        long producedAll = produced.get();
        long backlog = producedAll - taken.get();
        double producedSecs = (System.nanoTime() - t0) / 1e9;
        long takenAtEnd = taken.get();
        stop.drained = true;
        for (Thread c : consumers) {
            c.join();
        }
        double drainSecs = (System.nanoTime() - t0) / 1e9 - producedSecs;
        // every event gets its Gold time: the timer keeps its schedule until a refresh starts after the last Silver
        long lastSilver = Arrays.stream(silver, 0, (int) producedAll).max().orElse(t0);
        if (refreshes.stream().noneMatch(r -> r[0] >= lastSilver)) {
            long period = o.goldEverySeconds() * 1000L;
            out.printf("waiting for the next Gold refresh, at %s%n",
                    Instant.ofEpochMilli((System.currentTimeMillis() / period + 1) * period));
            while (refreshes.stream().noneMatch(r -> r[0] >= lastSilver)) {
                Thread.sleep(200);
            }
        }
        stop.goldDone = true; // a refresh under way finishes; the timer stops before the next
        gold.join();
        double cpu = cpuSeconds() - cpu0;

        int n = (int) producedAll;
        double[] toBronze = new double[n];
        double[] toSilver = new double[n];
        List<Double> toGold = new ArrayList<>();
        long[][] refs = refreshes.toArray(new long[0][]);
        for (int i = 0; i < n; i++) {
            toBronze[i] = (bronze[i] - enq[i]) / 1e9;
            toSilver[i] = (silver[i] - enq[i]) / 1e9;
            for (long[] r : refs) {
                if (r[0] >= silver[i]) {
                    toGold.add((r[1] - enq[i]) / 1e9);
                    break;
                }
            }
        }
        out.printf("rate %s, %d partitions, %d s, batches of up to %d, Gold every %d s%n",
                o.rate() == 0 ? "as fast as taken" : String.format("%,d events/s", o.rate()), o.partitions(), o.seconds(),
                o.maxBatch(), o.goldEverySeconds());
        out.printf("enqueued %,d events (%,.0f/s); landed %,d while enqueuing (%,.0f/s); backlog at the end %,d, "
                + "drained in %.1f s%n", producedAll, producedAll / producedSecs, takenAtEnd, takenAtEnd / producedSecs,
                backlog, drainSecs);
        out.printf("%-34s %9s %9s %9s%n", "latency from enqueued time (s)", "p50", "p95", "max");
        row(out, "to the Bronze commit", toBronze);
        row(out, "to Silver (the invocation's end)", toSilver);
        double[] g = toGold.stream().mapToDouble(Double::doubleValue).toArray();
        row(out, "to Gold (" + g.length + " events)", g);
        for (long[] r : refs) {
            out.printf("Gold refresh at +%.0f s took %.1f s%n", (r[0] - t0) / 1e9, (r[1] - r[0]) / 1e9);
        }
        if (n > g.length) {
            out.printf("%,d events reached Silver after the last Gold refresh of the run%n", n - g.length);
        }
        out.printf("%,d invocations (%.0f events each); CPU %.1f s for %,d events = %,.0f CPU-s per million events; "
                + "peak RSS %s%n", invocations.get(), (double) n / Math.max(1, invocations.get()), cpu, n,
                cpu / Math.max(1, n) * 1e6, peakRss());
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " runs failed, the first: " + failures.get(0));
        }
    }

    /** CPU seconds of this process (all threads), or NaN where the JVM does not say. */
    public static double cpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** The process's peak resident set (VmHWM), or "unknown" off Linux. */
    public static String peakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%,d MB", kb / 1024);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux
        }
        return "unknown";
    }

    private static void row(PrintStream out, String name, double[] v) {
        if (v.length == 0) {
            out.printf("%-34s %9s %9s %9s%n", name, "-", "-", "-");
            return;
        }
        double max = Arrays.stream(v).max().orElse(0);
        out.printf("%-34s %9.2f %9.2f %9.2f%n", name, WritersBench.percentile(v, 50), WritersBench.percentile(v, 95), max);
    }

    private static final class Stop {
        volatile boolean drained;
        volatile boolean goldDone;
    }
}
