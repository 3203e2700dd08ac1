package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Format;
import com.wwi.lakehouse.functions.LandingBlobFunction;
import com.wwi.lakehouse.functions.TweetsEventHubFunction;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.landing.ContentHash;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.Stage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code ./lakehouse run}: lands a landing folder through the function classes. Files of the batch datasets go
 * through {@link LandingBlobFunction#run}; the lines of {@code tweets/*.json} are replayed as Event Hub batches
 * through {@link TweetsEventHubFunction#run}, their bytes as they are in the file (a line that is not UTF-8 reaches
 * the function as such and is quarantined as base64).
 *
 * <p>What identifies the data, so that any rerun is a redelivery and new data is new: a landed file is its path
 * in its dataset folder and the SHA-256 of its content (the blob function's rule: a renamed copy lands again, the
 * same bytes under the same name never twice, whichever landing folder they come from). Tweets are replayed by
 * the same rule: each tweets file is cut into segments of {@link #SEGMENT_EVENTS} lines, and each segment is a
 * simulated partition whose id names the file and its content hash ({@code part-00000.json@3fa2…:0}), with the
 * line's index in the segment as its sequence number. So neither {@code --partitions} (the number of simulated
 * instances delivering segments at once) nor the landing folder changes what an event is.
 */
final class LocalRunner {
    /** Lines of a tweets file per simulated partition. */
    static final int SEGMENT_EVENTS = 2_500;
    static final String NAMESPACE = "local.servicebus.windows.net";

    /** What one dataset's landing came to: the records read, and what the runs made of them. */
    static final class Tally {
        long files;
        long records;
        long written;
        long quarantined;
        long duplicate;
        /** Records of files landed whole before (the run skipped them unread). */
        long alreadyLanded;
        long rejectedFiles;
        long inRejectedFiles;
        long failedFiles;
        final List<String> rejections = new ArrayList<>();

        long accounted() {
            return written + quarantined + duplicate + alreadyLanded + inRejectedFiles;
        }
    }

    /** Counts of one run, for the summary. */
    static final class Outcome {
        final Map<Dataset, Tally> datasets = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        long events;
        long batches;
    }

    private final Pipeline pipeline;
    private final PrintStream out;
    private final boolean verbose;
    private final Progress progress;

    LocalRunner(Pipeline pipeline, PrintStream out, boolean verbose, Progress progress) {
        this.progress = progress;
        this.pipeline = pipeline;
        this.out = out;
        this.verbose = verbose;
    }

    /**
     * Checks the landing folder's layout before anything is landed: the files of each dataset folder, in order.
     * Symbolic links are not followed out of the landing folder (they are reported and skipped).
     */
    static Map<Dataset, List<Path>> scan(Path landing, List<String> problems) {
        if (!Files.isDirectory(landing)) {
            throw CliException.usage("landing folder " + landing + " does not exist or is not a folder");
        }
        Map<Dataset, List<Path>> files = new LinkedHashMap<>();
        try {
            Path root = landing.toRealPath();
            try (Stream<Path> top = Files.list(landing)) {
                for (Path p : top.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(".")) {
                        continue; // the landing folder's own hidden entries (.DS_Store): not in a dataset folder
                    }
                    if (!Files.isDirectory(p)) {
                        throw CliException.usage("file " + p + " is not in a dataset folder; put files in one of: "
                                + Dataset.folders());
                    }
                    Dataset d = Dataset.byFolder(name).orElseThrow(() -> CliException.usage("unknown dataset folder '"
                            + name + "' in " + landing + "; expected: " + Dataset.folders()));
                    if (!p.toRealPath().startsWith(root)) {
                        problems.add(p + " is a link to " + p.toRealPath() + ", outside the landing folder: not followed");
                        continue;
                    }
                    List<Path> list = new ArrayList<>();
                    try (Stream<Path> inner = Files.walk(p)) {
                        for (Path f : inner.sorted().toList()) {
                            if (Files.isSymbolicLink(f) && !f.toRealPath().startsWith(root)) {
                                problems.add(f + " is a link to " + f.toRealPath() + ", outside the landing folder: not followed");
                            } else if (Files.isRegularFile(f)) {
                                list.add(f);
                            }
                        }
                    }
                    files.put(d, list);
                }
            }
        } catch (IOException e) {
            throw CliException.failure("cannot read landing folder " + landing + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw CliException.usage("landing folder " + landing + " has no dataset folders; expected some of: "
                    + Dataset.folders() + " (./lakehouse generate --out " + landing + " makes sample data)");
        }
        return files;
    }

    /**
     * Refuses a lake whose tweets an earlier version of this runner replayed keyed by partition number (0..31):
     * replaying the same tweets under the keys used now would land them a second time.
     */
    static void refuseOldReplayKeys(Pipeline pipeline) {
        LakeTable bronze = pipeline.lake().table(Dataset.TWEETS.bronzePath());
        if (!bronze.exists()) {
            return;
        }
        for (int p = 0; p < 32; p++) {
            if (bronze.txnVersion("eventhub/" + NAMESPACE + "/tweets/$Default/" + p).isPresent()) {
                throw CliException.failure("lake " + pipeline.lake().root() + " holds tweets replayed by an earlier"
                        + " version of ./lakehouse run (keyed by partition number); replaying now would land them"
                        + " again: run into a new --lake");
            }
        }
    }

    Outcome run(Path landing, int partitions, int batchSize) {
        Outcome outcome = new Outcome();
        Map<Dataset, List<Path>> files = scan(landing, outcome.problems);
        refuseOldReplayKeys(pipeline);
        Map<String, RunResult> fileRuns = new ConcurrentHashMap<>();
        List<RunResult> eventRuns = Collections.synchronizedList(new ArrayList<>());
        try (AutoCloseable listening = pipeline.eventLog().listen(r -> {
            if (r.stage() == Stage.BRONZE_FILE) {
                fileRuns.put(r.source(), r);
            } else if (r.stage() == Stage.BRONZE_EVENTHUB) {
                eventRuns.add(r);
            }
        })) {
            for (Map.Entry<Dataset, List<Path>> e : files.entrySet()) {
                Tally t = outcome.datasets.computeIfAbsent(e.getKey(), k -> new Tally());
                List<Path> asFiles = new ArrayList<>();
                List<Path> replayed = new ArrayList<>();
                for (Path p : e.getValue()) {
                    // tweets are replayed as events; a hidden tweets file goes to the blob function, which rejects it
                    boolean hidden = p.getFileName().toString().startsWith(".");
                    (e.getKey() == Dataset.TWEETS && !hidden ? replayed : asFiles).add(p);
                }
                landFiles(landing, e.getKey(), asFiles, t, fileRuns, outcome);
                if (!replayed.isEmpty()) {
                    replayTweets(landing, replayed, partitions, batchSize, t, eventRuns, outcome);
                }
            }
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
        return outcome;
    }

    private void landFiles(Path landing, Dataset dataset, List<Path> paths, Tally t, Map<String, RunResult> runs,
                           Outcome outcome) {
        LandingBlobFunction function = new LandingBlobFunction();
        long records = 0;
        try (Progress.Task task = paths.isEmpty() ? Progress.Task.NONE : progress.start(dataset.folder(), paths.size(), "files")) {
            for (Path p : paths) {
                task.step();
                String rel = landing.relativize(p).toString().replace('\\', '/');
                String name = rel.substring(rel.indexOf('/') + 1);
                byte[] content;
                try {
                    content = Files.readAllBytes(p);
                } catch (IOException e) {
                    outcome.problems.add("cannot read " + p + ": " + e.getMessage());
                    continue;
                }
                long n = countRecords(dataset, content);
                records += n;
                t.files++;
                t.records += n;
                String path = dataset.folder() + "/" + name;
                try {
                    function.run(content, dataset.folder(), name, new LocalExecutionContext("LandingBlob", verbose));
                } catch (RuntimeException e) {
                    outcome.problems.add(rel + ": " + e.getMessage());
                }
                RunResult r = runs.get("landing/" + path);
                if (r == null) {
                    t.failedFiles++;
                    continue;
                }
                switch (r.status()) {
                    case SKIPPED -> {
                        if (r.rowsIn() == 0) {
                            t.alreadyLanded += n; // landed whole before: not read again
                        }
                        add(t, r);
                    }
                    case REJECTED -> {
                        t.rejectedFiles++;
                        t.inRejectedFiles += n;
                        t.rejections.add(rel + ": " + r.message());
                    }
                    case FAILED -> t.failedFiles++;
                    default -> add(t, r);
                }
            }
        }
        if (!paths.isEmpty()) {
            out.printf("  %-20s %4d file(s), %,d records%n", dataset.folder(), paths.size(), records);
        }
    }

    private static void add(Tally t, RunResult r) {
        t.written += r.rowsWritten();
        t.quarantined += r.rowsQuarantined();
        t.duplicate += r.rowsDuplicate();
    }

    /** Non-blank lines, less the header line of CSV-with-header files. */
    static long countRecords(Dataset dataset, byte[] content) {
        long n = 0;
        boolean header = dataset.format() == Format.CSV_WITH_HEADER;
        int start = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF ? 3 : 0;
        boolean blank = true;
        for (int i = start; i <= content.length; i++) {
            byte b = i < content.length ? content[i] : (byte) '\n';
            if (b == '\n' || b == '\r') {
                if (!blank) {
                    if (header) {
                        header = false;
                    } else {
                        n++;
                    }
                }
                blank = true;
            } else if (b != ' ' && b != '\t') {
                blank = false;
            }
        }
        return n;
    }

    /** One simulated partition: a segment of a tweets file's non-blank lines, as bytes. */
    private record Segment(String partitionId, List<byte[]> lines, List<Long> offsets) {
    }

    /** The non-blank lines of a file (the line feed and a carriage return before it removed), with their byte offsets. */
    static void lines(byte[] content, List<byte[]> lines, List<Long> offsets) {
        int from = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                int end = i > from && content[i - 1] == '\r' ? i - 1 : i;
                boolean blank = true;
                for (int k = from; k < end && blank; k++) {
                    blank = content[k] == ' ' || content[k] == '\t';
                }
                if (!blank) {
                    lines.add(Arrays.copyOfRange(content, from, end));
                    offsets.add((long) from);
                }
                from = i + 1;
            }
        }
    }

    private void replayTweets(Path landing, List<Path> files, int partitions, int batchSize, Tally t,
                              List<RunResult> runs, Outcome outcome) {
        ConcurrentLinkedQueue<Segment> queue = new ConcurrentLinkedQueue<>();
        long total = 0;
        for (Path p : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(p);
            } catch (IOException e) {
                outcome.problems.add("cannot read " + p + ": " + e.getMessage());
                continue;
            }
            String rel = landing.relativize(p).toString().replace('\\', '/');
            String name = rel.substring(rel.indexOf('/') + 1);
            String id = name + "@" + ContentHash.of(content).substring("sha256:".length(), "sha256:".length() + 16);
            List<byte[]> lines = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            lines(content, lines, offsets);
            for (int s = 0; s * SEGMENT_EVENTS < lines.size(); s++) {
                int from = s * SEGMENT_EVENTS;
                int to = Math.min(lines.size(), from + SEGMENT_EVENTS);
                queue.add(new Segment(id + ":" + s, lines.subList(from, to), offsets.subList(from, to)));
            }
            total += lines.size();
            t.files++;
        }
        t.records += total;
        outcome.events += total;
        final long events = total;
        AtomicInteger batches = new AtomicInteger();
        long startNanos = System.nanoTime();
        Progress.Task task = progress.start("tweets", events, "events");
        ExecutorService pool = Executors.newFixedThreadPool(partitions);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < partitions; w++) {
            futures.add(pool.submit(() -> {
                TweetsEventHubFunction function = new TweetsEventHubFunction();
                for (Segment seg; (seg = queue.poll()) != null; ) {
                    for (int from = 0; from < seg.lines().size(); from += batchSize) {
                        int to = Math.min(seg.lines().size(), from + batchSize);
                        byte[][] bodies = seg.lines().subList(from, to).toArray(new byte[0][]);
                        TweetsEventHubFunction.SystemProperties[] props = new TweetsEventHubFunction.SystemProperties[bodies.length];
                        for (int i = 0; i < bodies.length; i++) {
                            long seq = from + i;
                            props[i] = new TweetsEventHubFunction.SystemProperties();
                            props[i].SequenceNumber = Long.toString(seq);
                            props[i].Offset = Long.toString(seg.offsets().get(from + i));
                            // as the Event Hubs extension writes it: ISO, no zone, UTC
                            props[i].EnqueuedTimeUtc = Instant.parse("2021-06-01T00:00:00Z").plusSeconds(seq)
                                    .toString().replace("Z", "");
                        }
                        Map<String, Object> context = new HashMap<>();
                        context.put("FullyQualifiedNamespace", NAMESPACE);
                        context.put("EventHubName", "tweets");
                        context.put("ConsumerGroup", "$Default");
                        context.put("PartitionId", seg.partitionId());
                        function.run(bodies, props, context, new LocalExecutionContext("TweetsEventHub", verbose));
                        batches.incrementAndGet();
                        task.step(bodies.length);
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        try (task) {
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    outcome.problems.add("tweets: " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CliException.failure("interrupted");
                }
            }
        }
        synchronized (runs) {
            for (RunResult r : runs) {
                add(t, r);
            }
        }
        outcome.batches += batches.get();
        double secs = (System.nanoTime() - startNanos) / 1e9;
        out.printf("  %-20s %,d events in %d batches over %d simulated instances, %.1f s (%.0f events/s)%n", "tweets",
                events, batches.get(), partitions, secs, events / Math.max(secs, 1e-9));
    }
}
